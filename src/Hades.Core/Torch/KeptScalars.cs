using TorchSharp;

namespace Hades.Core.Torch;

/// <summary>
/// Numbers passed to TorchSharp ops as explicit <see cref="Scalar"/>s that stay referenced until disposed.
/// TorchSharp 0.107 turns a <c>double</c> argument into a temporary Scalar and passes its native handle on; nothing
/// keeps the temporary alive during the native call, so under GC pressure its finalizer can free the handle while
/// libtorch reads it ("Expected false to be true … toFloat", seen in parallel test runs of PPO's update loop).
/// Hot loops that run next to other work create their Scalars here instead.
/// </summary>
public sealed class KeptScalars : IDisposable
{
    readonly Scalar[] scalars;

    public KeptScalars(params double[] values) => scalars = values.Select(v => v.ToScalar()).ToArray();

    public Scalar this[int index] => scalars[index];

    public void Dispose()
    {
        foreach (var s in scalars) s.Dispose();
    }
}
