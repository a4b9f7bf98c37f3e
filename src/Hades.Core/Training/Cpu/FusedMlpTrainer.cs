using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hades.Core.Policies;
using Hades.Core.Threading;
using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The discrete-action inner loop (full-batch Adam on mean cross-entropy, PyTorch's Adam formula) written out by hand
/// for CPU float32 networks: member by member, forward, backward and one Adam pass over a flat parameter vector, all in
/// the member's own buffers (<see cref="MemberTrainer"/>), instead of ~100 batched libtorch ops per step that each
/// stream every member's tensors through memory. Members are spread over the torch thread count; a member's result
/// depends only on its own init, data, learning rate and step count (each member runs the same single-threaded
/// arithmetic, see <see cref="MatrixKernels"/>), so it is the same for any thread count and any batch.
/// </summary>
public static unsafe class FusedMlpTrainer
{
    /// <summary>True when <paramref name="policies"/> and the data can take the fused path (CPU float32).</summary>
    public static bool Supports(BatchedMlp policies, Tensor states, Tensor targets) =>
        states.device_type == DeviceType.CPU && targets.device_type == DeviceType.CPU
        && states.dtype == ScalarType.Float32 && targets.dtype == ScalarType.Float32
        && policies.Weights.All(w => w.device_type == DeviceType.CPU && w.dtype == ScalarType.Float32);

    /// <param name="policies">Networks, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="targets">[B, D, A] or [1, D, A] target distributions.</param>
    /// <param name="learningRates">Per member.</param>
    /// <param name="steps">Per member.</param>
    public static void Train(BatchedMlp policies, Tensor states, Tensor targets, IReadOnlyList<double> learningRates,
        IReadOnlyList<int> steps, double epsilon, int threads = 0)
    {
        int members = policies.Members;
        if (learningRates.Count != members || steps.Count != members) throw new ArgumentException("one learning rate and step count per member");
        var shape = policies.Shape;
        int pairs = (int)states.shape[1];
        if (states.shape[0] != members || states.shape[2] != shape.Input) throw new ArgumentException("states must be [members, pairs, input]");
        if ((targets.shape[0] != members && targets.shape[0] != 1) || targets.shape[1] != pairs || targets.shape[2] != shape.Output)
            throw new ArgumentException("targets must be [members or 1, pairs, output]");
        using var stateData = states.contiguous();
        using var targetData = targets.contiguous();
        var weights = policies.Weights.Select(w => (Tensor)w.detach()).ToArray();
        var biases = policies.Biases.Select(b => (Tensor)b.detach()).ToArray();
        if (weights.Any(w => !w.is_contiguous()) || biases.Any(b => !b.is_contiguous())) throw new ArgumentException("policy parameters must be contiguous");
        try
        {
            var layout = new MemberLayout(shape, pairs);
            long statesPtr = Address(stateData), targetsPtr = Address(targetData);
            long targetStride = targets.shape[0] == 1 ? 0 : (long)pairs * shape.Output;
            long[] wPtr = weights.Select(Address).ToArray(), bPtr = biases.Select(Address).ToArray();
            ForEachMember(members, layout, threads, (trainer, m) =>
            {
                trainer.Load(wPtr, bPtr, m);
                float* x = (float*)statesPtr + (long)m * pairs * shape.Input;
                float* t = (float*)targetsPtr + m * targetStride;
                trainer.Train(x, t, steps[m], (float)learningRates[m], (float)epsilon);
                trainer.Store(wPtr, bPtr, m);
            });
        }
        finally
        {
            foreach (var w in weights) w.Dispose();
            foreach (var b in biases) b.Dispose();
        }
    }

    /// <summary>Runs <paramref name="train"/>(a trainer, m) for every member on <paramref name="threads"/> workers
    /// (0: the torch thread count) taking members as they finish, each worker with its own
    /// <see cref="MemberTrainer"/>. The workers are the <see cref="WorkerCrew"/>'s, as the rollout's that follows are:
    /// the thread pool's workers spin with sched_yield after a phase before they block (<see cref="WorkerCrew"/>'s
    /// remarks), which on two cores would share them with the rollout's first milliseconds (not measured apart: the
    /// inverted double pendulum's rollouts read the same within the noise either way).</summary>
    internal static void ForEachMember(int members, MemberLayout layout, int threads, Action<MemberTrainer, int> train)
    {
        int workers = Math.Max(1, Math.Min(members, threads > 0 ? threads : torch.get_num_threads())), next = -1;
        WorkerCrew.Shared.Run(workers, _ =>
        {
            using var trainer = new MemberTrainer(layout);
            for (int m; (m = Interlocked.Increment(ref next)) < members;) train(trainer, m);
        });
    }

    internal static long Address(Tensor t) =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
}
