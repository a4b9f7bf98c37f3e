using TorchSharp;
using static TorchSharp.torch;
using Hades.Core.Torch;

namespace Hades.Core.Vision;

/// <summary>
/// P independent copies of the HaDES image classifier (<c>distill_dataset.py::CNN</c>): Conv(16, 3×3, SAME,
/// stride 1) → relu → flatten → Dense(128) → relu → Dense(classes), trained together in one batched pass.
/// <para>Layout: the convolution is an im2col product. A member's images [N, side²] are unfolded once into 3×3
/// patches [N·side², 9] (zero padding = SAME), so conv = <c>bmm(patches [P, N·side², 9], Wc [P, 9, C])</c>. Its
/// output is pixel-major, channel-minor, i.e. flattened in (h, w, c) order as flax does for NHWC tensors, and the
/// dense layers are <c>bmm</c> over members. The backward pass is written out by hand (it is short): no autograd
/// graph, and the patch matrix of the fixed synthetic images is built once for all steps. On CPU this was faster
/// than <c>conv2d(groups = P)</c> with autograd; see the report in the branch history. On the CPU the conv, the relu
/// mask and the hidden layer's weight update run as <see cref="CnnCpuKernels"/> (same bits, no patch matrix for
/// scoring); <see cref="TorchOnly"/> keeps the torch ops, which CUDA tensors always use.</para>
/// <para>Initialisation mirrors flax defaults as the paper's code uses them: kernels lecun_normal (normal truncated
/// at ±2σ, rescaled to variance 1/fan_in); conv and hidden-dense biases U[0, 0.05) (the paper's
/// <c>nn.initializers.uniform(0.05)</c>); output bias 0. Init j is drawn from a torch <see cref="Generator"/>
/// seeded with <c>initSeeds[j]</c>, in the order Wc, bc, W1, b1, W2, so the same seed gives the same network in
/// any process and in any batch.</para>
/// </summary>
public sealed class BatchedCnn : IDisposable
{
    /// <summary>Conv kernel [P, 9, C] (row k = 3·kh + kw), bias [P, 1, C].</summary>
    public Tensor ConvWeight { get; }
    public Tensor ConvBias { get; }
    /// <summary>Hidden dense [P, side²·C, H] with input index (h·side + w)·C + c, bias [P, 1, H].</summary>
    public Tensor Dense1Weight { get; }
    public Tensor Dense1Bias { get; }
    /// <summary>Output dense [P, H, classes], bias [P, 1, classes].</summary>
    public Tensor Dense2Weight { get; }
    public Tensor Dense2Bias { get; }

    public int Members { get; }
    public int Side { get; }
    public int Channels { get; }
    public int Hidden { get; }
    public int Classes { get; }
    int Pixels => Side * Side;

    BatchedCnn(Tensor wc, Tensor bc, Tensor w1, Tensor b1, Tensor w2, Tensor b2, int side)
    {
        ConvWeight = wc; ConvBias = bc; Dense1Weight = w1; Dense1Bias = b1; Dense2Weight = w2; Dense2Bias = b2;
        Members = (int)wc.shape[0]; Channels = (int)wc.shape[2]; Hidden = (int)w1.shape[2]; Classes = (int)w2.shape[2];
        Side = side;
        if (w1.shape[1] != (long)side * side * Channels) throw new ArgumentException("dense input does not match side²·channels");
    }

    /// <summary>Fresh networks; member m is a copy of init <c>initOfMember(m)</c>, drawn from <c>initSeeds</c>.</summary>
    public static BatchedCnn Create(IReadOnlyList<ulong> initSeeds, Func<int, int> initOfMember, int members, Device device,
        int side = 28, int channels = 16, int hidden = 128, int classes = 10)
    {
        int pixels = side * side;
        var banks = new[] { (9, channels), (1, channels), (pixels * channels, hidden), (1, hidden), (hidden, classes) }
            .Select(s => torch.empty(initSeeds.Count, s.Item1, s.Item2)).ToArray();
        for (int j = 0; j < initSeeds.Count; j++)
        {
            using var g = new Generator(initSeeds[j]);
            using var scope = torch.NewDisposeScope();
            banks[0][j].copy_(LecunNormal(9, channels, g));
            banks[1][j].copy_(torch.rand(1, channels, generator: g).mul_(0.05));
            banks[2][j].copy_(LecunNormal(pixels * channels, hidden, g));
            banks[3][j].copy_(torch.rand(1, hidden, generator: g).mul_(0.05));
            banks[4][j].copy_(LecunNormal(hidden, classes, g));
        }
        using var index = torch.tensor(Enumerable.Range(0, members).Select(m => (long)initOfMember(m)).ToArray());
        var picked = banks.Select(b => b.index_select(0, index).to(device)).ToArray();
        foreach (var b in banks) b.Dispose();
        return new BatchedCnn(picked[0], picked[1], picked[2], picked[3], picked[4],
            torch.zeros(members, 1, classes, device: device), side);
    }

    /// <summary>Networks from explicit weights (shapes as the properties); the tensors are copied.</summary>
    public static BatchedCnn FromWeights(Tensor wc, Tensor bc, Tensor w1, Tensor b1, Tensor w2, Tensor b2, int side) =>
        new(wc.clone(), bc.clone(), w1.clone(), b1.clone(), w2.clone(), b2.clone(), side);

    /// <summary>lecun_normal: N(0, 1) truncated to ±2, scaled so the variance is 1/fan_in (flax/JAX definition).</summary>
    internal static Tensor LecunNormal(int fanIn, int fanOut, Generator g)
    {
        var x = torch.randn(fanIn, fanOut, generator: g);
        while (true)
        {
            using var outside = x.abs().gt(2.0);
            if (!outside.any().item<bool>()) break;
            using var redraw = torch.randn(fanIn, fanOut, generator: g);
            var next = torch.where(outside, redraw, x);
            x.Dispose(); x = next;
        }
        // 0.87962566103423978 is the standard deviation of N(0,1) truncated to [-2, 2].
        return x.mul_(1.0 / Math.Sqrt(fanIn) / 0.87962566103423978);
    }

    /// <summary>
    /// Trains member m on its own images for <see cref="ImageInnerLoop.Steps"/> full-batch SGD steps.
    /// </summary>
    /// <param name="images">[P, N, side²] synthetic images of each member.</param>
    /// <param name="labels">[N] class of each image (shared by all members) or [P, N].</param>
    /// <returns>Each member's mean cross-entropy (per image) on its images at the last step, before its update.</returns>
    public float[] Train(Tensor images, Tensor labels, ImageInnerLoop settings)
    {
        int n = (int)images.shape[1];
        if (images.shape[0] != Members || images.shape[2] != Pixels)
            throw new ArgumentException($"images must be [{Members}, N, {Pixels}], got [{string.Join(", ", images.shape)}]");
        var device = ConvWeight.device;
        using var outer = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var memberImages = images.to(device).to(ScalarType.Float32).contiguous();
        var patches = Patches(memberImages.reshape(Members * n, 1, Side, Side)).reshape(Members, n * Pixels, 9);
        var patchesT = patches.transpose(1, 2);
        var target = torch.nn.functional.one_hot(labels.to(device), Classes).to(ScalarType.Float32);
        if (target.dim() == 2) target = target.unsqueeze(0);
        float factor = (float)settings.LossFactor(n), lr = (float)settings.LearningRate;
        bool kernels = UsesCpuKernels && n <= 16;
        // CPU: the conv activations live in one buffer reused by every step (filled by the fused kernel)
        var h1Buffer = kernels ? torch.empty(Members, n, Pixels * Channels) : null;
        float[] lastLoss = new float[Members];
        for (int step = 0; step < settings.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            // Forward.
            Tensor h1, conv;
            if (kernels)
            {
                ConvReluKernel(memberImages, n, h1Buffer!, sharedImages: false);
                h1 = h1Buffer!; conv = h1Buffer!;                                  // conv > 0 exactly where relu(conv) > 0
            }
            else
            {
                conv = torch.bmm(patches, ConvWeight).add_(ConvBias);             // [P, N·side², C]
                h1 = conv.relu().view(Members, n, Pixels * Channels);             // [P, N, side²·C]
            }
            var h2 = torch.bmm(h1, Dense1Weight).add_(Dense1Bias).relu_();        // [P, N, H]
            var logits = torch.bmm(h2, Dense2Weight).add_(Dense2Bias);            // [P, N, classes]
            var logProbs = torch.nn.functional.log_softmax(logits, -1);
            if (step == settings.Steps - 1)
            {
                using var ce = (logProbs * target).sum([1, 2]).neg_().div_(n);
                lastLoss = ce.cpu().data<float>().ToArray();
            }
            // Backward of loss = factor · Σ_n CE_n, member by member (members do not interact).
            var dLogits = logProbs.exp_().sub_(target).mul_(factor);             // [P, N, classes]
            var dW2 = torch.bmm(h2.transpose(1, 2), dLogits);
            var db2 = dLogits.sum(1, keepdim: true);
            var dh2 = torch.bmm(dLogits, Dense2Weight.transpose(1, 2)).mul_(h2.gt(0));
            var db1 = dh2.sum(1, keepdim: true);
            var dConv = torch.bmm(dh2, Dense1Weight.transpose(1, 2)).view(Members, n * Pixels, Channels);
            if (kernels) MaskKernel(dConv, h1);
            else dConv.mul_(conv.gt(0));
            var dWc = torch.bmm(patchesT, dConv);
            var dbc = dConv.sum(1, keepdim: true);
            // SGD, no momentum.
            Dense2Weight.add_(dW2, alpha: -lr); Dense2Bias.add_(db2, alpha: -lr);
            if (kernels) Dense1UpdateKernel(h1, dh2, n, -lr);                   // dW1 = h1ᵀ·dh2, fused into the update
            else Dense1Weight.add_(torch.bmm(h1.transpose(1, 2), dh2), alpha: -lr);
            Dense1Bias.add_(db1, alpha: -lr);
            ConvWeight.add_(dWc, alpha: -lr); ConvBias.add_(dbc, alpha: -lr);
        }
        return lastLoss;
    }

    /// <summary>Whether <see cref="Train"/> and <see cref="Evaluate"/> use <see cref="CnnCpuKernels"/> (CPU tensors of
    /// the paper's 16-channel shape) instead of the torch-only path; both give the same bits. Tests switch it off to
    /// compare the two.</summary>
    public bool UsesCpuKernels => !TorchOnly && ConvWeight.device.type == DeviceType.CPU && CnnCpuKernels.Supports(Channels, Hidden)
        && new[] { ConvWeight, ConvBias, Dense1Weight }.All(t => t.is_contiguous() && t.dtype == ScalarType.Float32)
        && (SkipProbe || CnnKernelProbe.MatchesTorch);

    /// <summary>The probe's own network: uses the fused kernels without asking <see cref="CnnKernelProbe"/>.</summary>
    internal bool SkipProbe { get; set; }

    /// <summary>Every trained tensor, in a fixed order.</summary>
    public Tensor[] Parameters => [ConvWeight, ConvBias, Dense1Weight, Dense1Bias, Dense2Weight, Dense2Bias];

    /// <summary>Forces the torch-only path on the CPU too (the reference the fused kernels are tested against).</summary>
    public bool TorchOnly { get; set; }

    /// <summary>h1 [P, count, side²·C] = relu(conv(images) + bias), member p from its own images [P, count, side²]
    /// or from one shared set [count, …].</summary>
    unsafe void ConvReluKernel(Tensor images, int count, Tensor h1, bool sharedImages)
    {
        float* x = TensorPointer.Float(images), wc = TensorPointer.Float(ConvWeight), bc = TensorPointer.Float(ConvBias), o = TensorPointer.Float(h1);
        for (int p = 0; p < Members; p++)
            CnnCpuKernels.ConvRelu(sharedImages ? x : x + (long)p * count * Pixels, count, Side, wc + p * 9 * Channels, bc + p * Channels,
                o + (long)p * count * Pixels * Channels);
    }

    unsafe void MaskKernel(Tensor gradient, Tensor activation) =>
        CnnCpuKernels.MaskByPositive(TensorPointer.Float(gradient), TensorPointer.Float(activation), gradient.numel());

    unsafe void Dense1UpdateKernel(Tensor h1, Tensor dh2, int n, float negLr)
    {
        float* a = TensorPointer.Float(h1), g = TensorPointer.Float(dh2), w = TensorPointer.Float(Dense1Weight);
        int inputs = Pixels * Channels;
        for (int p = 0; p < Members; p++)
            CnnCpuKernels.Dense1SgdUpdate(a + (long)p * n * inputs, g + (long)p * n * Hidden, w + (long)p * inputs * Hidden, n, inputs, Hidden, negLr);
    }

    /// <summary>Logits of every member on shared images [M, 1, side, side] (or [M, side²]): [P, M, classes].</summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int m = (int)images.shape[0];
        var patches = Patches(images.to(ConvWeight.device).reshape(m, 1, Side, Side)).reshape(1, m * Pixels, 9);
        var h1 = torch.matmul(patches, ConvWeight).add_(ConvBias).relu_().view(Members, m, Pixels * Channels);
        var h2 = torch.bmm(h1, Dense1Weight).add_(Dense1Bias).relu_();
        return torch.bmm(h2, Dense2Weight).add_(Dense2Bias).MoveToOuterDisposeScope();
    }

    /// <summary>Accuracy and mean cross-entropy of every member on real images, evaluated in chunks (the chunk size, a
    /// function of the member count and <see cref="ImageInnerLoop.EvalChunkElements"/>, is part of the numerics: the
    /// dense product's shape and the order of the sums).</summary>
    public ImageScore[] Evaluate(Tensor images, Tensor labels, ImageInnerLoop settings)
    {
        int total = (int)images.shape[0];
        int chunk = (int)Math.Clamp(settings.EvalChunkElements / ((long)Members * Pixels * Channels), 1, total);
        var correct = new double[Members];
        var loss = new double[Members];
        bool kernels = UsesCpuKernels;
        using var noGrad = torch.no_grad();
        // CPU: the images once as contiguous float32, and one activation buffer for every chunk
        using var source = kernels ? images.to(ScalarType.Float32).contiguous() : null;
        using var h1Buffer = kernels ? torch.empty((long)Members * chunk * Pixels * Channels) : null;
        for (int start = 0; start < total; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            int size = Math.Min(chunk, total - start);
            var y = labels.narrow(0, start, size).to(ConvWeight.device);
            Tensor logits;
            if (kernels)
            {
                var h1 = h1Buffer!.narrow(0, 0, (long)Members * size * Pixels * Channels).view(Members, size, Pixels * Channels);
                ConvReluKernel(source!.narrow(0, start, size), size, h1, sharedImages: true);
                var h2 = torch.bmm(h1, Dense1Weight).add_(Dense1Bias).relu_();
                logits = torch.bmm(h2, Dense2Weight).add_(Dense2Bias);
            }
            else logits = Logits(images.narrow(0, start, size));
            var hits = logits.argmax(-1).eq(y.unsqueeze(0)).sum(1, type: ScalarType.Float64).cpu();
            var ce = torch.nn.functional.log_softmax(logits, -1)
                .gather(-1, y.view(1, size, 1).expand(Members, size, 1)).sum([1, 2], type: ScalarType.Float64).neg_().cpu();
            var h = hits.data<double>(); var l = ce.data<double>();
            for (int p = 0; p < Members; p++) { correct[p] += h[p]; loss[p] += l[p]; }
        }
        return Enumerable.Range(0, Members).Select(p => new ImageScore(correct[p] / total, loss[p] / total)).ToArray();
    }

    /// <summary>3×3 SAME patches of [B, 1, side, side] images: [B, side², 9], column k = 3·kh + kw.</summary>
    Tensor Patches(Tensor images) =>
        torch.nn.functional.unfold(images, kernel_size: 3, padding: 1).transpose(1, 2);

    public void Dispose()
    {
        ConvWeight.Dispose(); ConvBias.Dispose(); Dense1Weight.Dispose(); Dense1Bias.Dispose();
        Dense2Weight.Dispose(); Dense2Bias.Dispose();
    }
}
