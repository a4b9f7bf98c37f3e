using Hades.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// Fashion-MNIST as the image networks here see it: 28×28 images padded by 2 black pixels to 32×32 (ZSKD's LeNet-5
/// input), then normalised with the training split's pixel mean 0.2860 and standard deviation 0.3530. Generators
/// produce images in the same normalised space. Also the coarse task's class merge.
/// </summary>
public static class ImageData
{
    public const float Mean = 0.2860f, Std = 0.3530f;
    public const int Side = LeNetLayout.Side;

    /// <summary>Coarse classes of <c>fashion-mnist-coarse</c>: tops {T-shirt/top, Pullover, Dress, Coat, Shirt},
    /// footwear {Sandal, Sneaker, Ankle boot}, other {Trouser, Bag}.</summary>
    public static readonly IReadOnlyList<string> CoarseNames = ["tops", "footwear", "other"];

    /// <summary>Fine label 0..9 → coarse label 0..2.</summary>
    public static readonly IReadOnlyList<int> CoarseOfFine = [0, 2, 0, 0, 0, 1, 0, 1, 2, 1];

    public static bool IsCoarse(string task) => task == "fashion-mnist-coarse";

    public static int Classes(string task) => IsCoarse(task) ? CoarseNames.Count : FashionMnist.Classes;

    public static IReadOnlyList<string> ClassNames(string task) => IsCoarse(task) ? CoarseNames : FashionMnist.ClassNames;

    /// <summary>Padded, normalised images [N, 1, 32, 32] and fine labels [N] of one split.</summary>
    public sealed record Split(Tensor Images, Tensor FineLabels, Tensor CoarseLabels)
    {
        public int Count => (int)Images.shape[0];

        /// <summary>Labels of the task: fine, or coarse for the coarse task.</summary>
        public Tensor Labels(string task) => IsCoarse(task) ? CoarseLabels : FineLabels;
    }

    static readonly object Gate = new();
    static (Split Train, Split Test)? cache;

    /// <summary>The test split (scoring only), loaded once per process from <see cref="FashionMnist.DefaultDirectory"/>.</summary>
    public static Split Test() => Load().Test;

    /// <summary>Images in the selection split: the last this many of the training split.</summary>
    public const int SelectionCount = 5_000;

    /// <summary>The selection split (scoring only, for choosing settings without the test split): the last 5,000
    /// training images. The teacher was trained on them; no method's student or generator reads them (<c>kd-real</c>
    /// could draw them, but it is not tuned).</summary>
    public static Split Selection()
    {
        var train = Load().Train;
        int start = train.Count - SelectionCount;
        return new Split(train.Images.narrow(0, start, SelectionCount), train.FineLabels.narrow(0, start, SelectionCount),
            train.CoarseLabels.narrow(0, start, SelectionCount));
    }

    /// <summary>A counting view of the training split: every image handed out through it is counted in
    /// <see cref="TrainingSplit.ImagesRead"/>. The training split is reachable only through such a view, so a job that
    /// holds one view can report (and tests can assert) how many real training images it read.</summary>
    public static TrainingSplit OpenTraining() => new();

    public sealed class TrainingSplit
    {
        long imagesRead;

        public long ImagesRead => Interlocked.Read(ref imagesRead);

        public int Count => Load().Train.Count;

        /// <summary>Images [n, 1, 32, 32] and task labels [n] of the rows <paramref name="index"/> (counted).</summary>
        public (Tensor Images, Tensor Labels) Rows(Tensor index, string task)
        {
            Interlocked.Add(ref imagesRead, index.shape[0]);
            var train = Load().Train;
            return (train.Images.index_select(0, index), train.Labels(task).index_select(0, index));
        }

        /// <summary>The first <paramref name="n"/> images and task labels (views of the cached split; counted).</summary>
        public (Tensor Images, Tensor Labels) Head(int n, string task)
        {
            var train = Load().Train;
            n = Math.Min(n, train.Count);
            Interlocked.Add(ref imagesRead, n);
            return (train.Images.narrow(0, 0, n), train.Labels(task).narrow(0, 0, n));
        }
    }

    /// <summary>Both splits, loaded once per process from <see cref="FashionMnist.DefaultDirectory"/>.</summary>
    static (Split Train, Split Test) Load()
    {
        lock (Gate)
        {
            if (cache is { } c) return c;
            using var data = FashionMnist.Load();
            var loaded = (Prepare(data.Train), Prepare(data.Test));
            cache = loaded;
            return loaded;
        }
    }

    static Split Prepare(LabelledImages images)
    {
        using var scope = torch.NewDisposeScope();
        var padded = torch.nn.functional.pad(images.Images, [2, 2, 2, 2]);
        var normalised = Normalise(padded);
        var coarse = torch.tensor(CoarseOfFine.Select(c => (long)c).ToArray()).index_select(0, images.Labels);
        // cached for the whole process: detached from every dispose scope (the caller's may be a job's Advance)
        return new Split(normalised.DetachFromDisposeScope(), images.Labels.clone().DetachFromDisposeScope(),
            coarse.DetachFromDisposeScope());
    }

    // kept alive for the whole process (see KeptScalars)
    static readonly Scalar MeanScalar = Mean.ToScalar(), StdScalar = Std.ToScalar(), Zero = 0.ToScalar(),
        One = 1.ToScalar(), Levels = 255.ToScalar();

    public static Tensor Normalise(Tensor pixels)
    {
        using var shifted = pixels - MeanScalar;
        return shifted / StdScalar;
    }

    public static Tensor Pixels(Tensor normalised)
    {
        using var scaled = normalised * StdScalar;
        return scaled + MeanScalar;
    }

    /// <summary>Normalised images → bytes (pixels clipped to [0, 1], ×255, rounded): how the exemplar buffer stores them.</summary>
    public static Tensor Quantise(Tensor normalised)
    {
        using var scope = torch.NewDisposeScope();
        return (Pixels(normalised).clamp(Zero, One) * Levels).round().to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>Bytes → normalised images.</summary>
    public static Tensor Dequantise(Tensor bytes)
    {
        using var scope = torch.NewDisposeScope();
        return Normalise(bytes.to(ScalarType.Float32) / Levels).MoveToOuterDisposeScope();
    }
}
