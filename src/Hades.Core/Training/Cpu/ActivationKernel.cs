using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Hades.Core.Policies;

namespace Hades.Core.Training.Cpu;

/// <summary>A hidden layer's activation in place, as the fused forward and the fused trainer apply it: relu on 512-bit
/// lanes where the CPU has them, tanh through <see cref="VectorTanh.Apply"/> (MathF.Tanh's bits, see
/// <see cref="VectorTanhProbe"/>).</summary>
public static unsafe class ActivationKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Activation activation, float* z, int count)
    {
        if (activation == Activation.Relu)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i + 16 <= count; i += 16)
                {
                    var x = Vector512.Load(z + i);
                    Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero).Store(z + i);
                }
            for (; i < count; i++) z[i] = z[i] > 0 ? z[i] : 0f;
        }
        else VectorTanh.Apply(z, count);
    }
}
