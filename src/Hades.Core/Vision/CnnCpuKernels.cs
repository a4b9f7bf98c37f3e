using System.Runtime.Intrinsics;

namespace Hades.Core.Vision;

/// <summary>
/// Fused single-threaded CPU kernels for the paper CNN's cheap but memory-heavy steps, written so that every value
/// equals, bit for bit, what the torch ops they replace compute (<see cref="BatchedCnn"/>'s torch path):
/// <list type="bullet">
/// <item><see cref="ConvRelu"/>: conv 3×3 SAME + bias + relu straight from the images, in place of unfold → im2col
/// copy → <c>matmul(patches, Wc)</c> → <c>add_(bias)</c> → <c>relu</c>. Each output is the 9-term product chain
/// over the kernel taps in order (tap 0 a plain product, then fused multiply-adds), rounded once per tap as the
/// SGEMM kernel does for a 9-long inner dimension, then the bias added and relu applied; no patch matrix and no
/// intermediate pass over the 12,544-wide activations.</item>
/// <item><see cref="MaskByPositive"/>: <c>g.mul_(a.gt(0))</c> in one pass (g × 1 or g × 0, so signs and NaNs stay
/// as torch gives them).</item>
/// <item><see cref="Dense1SgdUpdate"/>: <c>W1.add_(bmm(h1ᵀ, dh2), alpha: −lr)</c> without the dW1 tensor: each weight
/// gradient is the n-term product chain over the images in order (as the SGEMM kernel computes an inner dimension
/// of n ≤ 16), and the update is torch's vectorised <c>fmadd(dW1, −lr, W1)</c>.</item>
/// </list>
/// The equalities are checked against the torch path by <c>BatchedCnnTests</c> on real Fashion-MNIST images and
/// trained weights (every weight after training, every score); the kernels assume that chain order, which the tests
/// would catch if a libtorch/MKL update changed it. Channel count 16 (one 512-bit vector), hidden width a multiple
/// of 16.
/// </summary>
public static unsafe class CnnCpuKernels
{
    public const int Channels = 16;

    /// <summary>Whether the fused kernels apply to these shapes (16 conv channels, hidden width a multiple of 16).</summary>
    public static bool Supports(int channels, int hidden) => channels == Channels && hidden % 16 == 0;

    /// <summary>
    /// h1[i, (r·side + c)·16 + ch] = relu(fl(Σₖ x[i, tap k of (r, c)]·w[k, ch]) + b[ch]) for <paramref name="count"/>
    /// images of side² pixels; taps k = 3·kh + kw over the zero-padded 3×3 neighbourhood.
    /// </summary>
    /// <param name="images">[count, side²] pixels.</param>
    /// <param name="w">[9, 16] kernel.</param>
    /// <param name="b">[16] bias.</param>
    /// <param name="h1">[count, side²·16] output.</param>
    public static void ConvRelu(float* images, int count, int side, float* w, float* b, float* h1)
    {
        int padded = side + 2, pixels = side * side;
        var w0 = Vector512.Load(w); var w1 = Vector512.Load(w + 16); var w2 = Vector512.Load(w + 32);
        var w3 = Vector512.Load(w + 48); var w4 = Vector512.Load(w + 64); var w5 = Vector512.Load(w + 80);
        var w6 = Vector512.Load(w + 96); var w7 = Vector512.Load(w + 112); var w8 = Vector512.Load(w + 128);
        var bias = Vector512.Load(b);
        var zero = Vector512<float>.Zero;
        float* pad = stackalloc float[padded * padded];
        new Span<float>(pad, padded * padded).Clear();
        for (int i = 0; i < count; i++)
        {
            float* x = images + (long)i * pixels;
            for (int r = 0; r < side; r++)
                new ReadOnlySpan<float>(x + r * side, side).CopyTo(new Span<float>(pad + (r + 1) * padded + 1, side));
            float* o = h1 + (long)i * pixels * Channels;
            for (int r = 0; r < side; r++)
            {
                float* up = pad + r * padded, mid = up + padded, down = mid + padded;
                for (int c = 0; c < side; c++, o += Channels)
                {
                    var acc = Vector512.Create(up[c]) * w0;
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(up[c + 1]), w1, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(up[c + 2]), w2, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(mid[c]), w3, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(mid[c + 1]), w4, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(mid[c + 2]), w5, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(down[c]), w6, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(down[c + 1]), w7, acc);
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(down[c + 2]), w8, acc);
                    acc += bias;
                    // relu as torch's clamp_min: NaN stays NaN
                    Vector512.ConditionalSelect(Vector512.LessThan(acc, zero), zero, acc).Store(o);
                }
            }
        }
    }

    /// <summary>g[i] ← g[i] × (a[i] &gt; 0 ? 1 : 0), for <paramref name="length"/> (a multiple of 16) values.</summary>
    public static void MaskByPositive(float* g, float* a, long length)
    {
        var zero = Vector512<float>.Zero;
        var one = Vector512<float>.One;
        for (long i = 0; i < length; i += 16)
        {
            var mask = Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Load(a + i), zero), one, zero);
            (Vector512.Load(g + i) * mask).Store(g + i);
        }
    }

    /// <summary>
    /// W1[i, j] ← fma(Σₖ h1[k, i]·dh2[k, j], −lr, W1[i, j]) for one member: h1 [n, inputs], dh2 [n, hidden], W1
    /// [inputs, hidden]; each sum is the n-term product chain over the images in order. Needs n ≤ 16.
    /// </summary>
    public static void Dense1SgdUpdate(float* h1, float* dh2, float* w1, int n, int inputs, int hidden, float negLr)
    {
        if (n > 16) throw new ArgumentOutOfRangeException(nameof(n), "at most 16 images per member");
        var activations = stackalloc Vector512<float>[16];
        var step = Vector512.Create(negLr);
        for (int i = 0; i < inputs; i++)
        {
            float* row = w1 + (long)i * hidden;
            for (int k = 0; k < n; k++) activations[k] = Vector512.Create(h1[(long)k * inputs + i]);
            for (int j = 0; j < hidden; j += 16)
            {
                var acc = activations[0] * Vector512.Load(dh2 + j);
                for (int k = 1; k < n; k++)
                    acc = Vector512.FusedMultiplyAdd(activations[k], Vector512.Load(dh2 + k * hidden + j), acc);
                Vector512.FusedMultiplyAdd(acc, step, Vector512.Load(row + j)).Store(row + j);
            }
        }
    }
}
