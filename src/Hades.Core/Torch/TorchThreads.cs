using TorchSharp;

namespace Hades.Core.Torch;

/// <summary>
/// Runs a block with libtorch's intra-op thread count set to n on the calling thread and restores it afterwards.
/// PPO's networks are tiny: with two threads every small matrix product opens an OpenMP/MKL parallel region, and
/// on a loaded machine that costs over ten times the CPU of one thread (measured: 62 s vs 4 s for 100k CartPole
/// steps). One thread also makes the arithmetic, and so the results, independent of the caller's setting.
/// libtorch keeps the setting per OS thread (OpenMP and MKL thread-local values), except that a thread making its
/// first torch call while the block runs starts from the temporary value.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    readonly int previous;

    TorchThreads(int previous) => this.previous = previous;

    /// <summary>n ≤ 0 leaves the setting alone.</summary>
    public static TorchThreads Use(int n)
    {
        if (n <= 0) return new TorchThreads(0);
        int previous = torch.get_num_threads();
        if (previous != n) torch.set_num_threads(n);
        return new TorchThreads(previous == n ? 0 : previous);
    }

    public void Dispose()
    {
        if (previous > 0) torch.set_num_threads(previous);
    }
}
