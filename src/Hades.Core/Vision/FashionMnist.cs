namespace Hades.Core.Vision;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 28×28 greyscale images of 10 clothing classes, 60 000 training
/// and 10 000 test images, read from the IDX files of the Debian package <c>dataset-fashion-mnist</c>
/// (<c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>, <c>t10k-…</c>; uncompressed copies are
/// accepted too). Pixels are scaled to [0, 1] (÷255, the paper's <c>--normalize</c>).
/// <para>Model selection (ES fitness) must never look at the test split: <see cref="SplitTrain"/> holds out a
/// deterministic slice at the end of the training set for fitness and leaves the rest for initialisers.</para>
/// </summary>
public sealed class FashionMnist : IDisposable
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const string InstallHint = "install the Debian package with `sudo apt-get install dataset-fashion-mnist`";
    public const int Classes = 10, Side = 28, Pixels = Side * Side;
    /// <summary>Images in the official training split.</summary>
    public const int TrainImages = 60_000;

    /// <summary>Class names in label order (Xiao et al. 2017, Table 1).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public LabelledImages Train { get; }
    public LabelledImages Test { get; }

    FashionMnist(LabelledImages train, LabelledImages test) { Train = train; Test = test; }

    /// <summary>Loads both splits from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>).</summary>
    public static FashionMnist Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
            throw new HadesUserException($"Fashion-MNIST directory {directory} not found; {InstallHint}");
        var train = LoadSplit(directory, "train");
        try { return new FashionMnist(train, LoadSplit(directory, "t10k")); }
        catch { train.Dispose(); throw; }
    }

    /// <summary>Loads one split: <paramref name="prefix"/> is <c>train</c> or <c>t10k</c>.</summary>
    public static LabelledImages LoadSplit(string directory, string prefix)
    {
        var images = IdxFile.Read(Locate(directory, $"{prefix}-images-idx3-ubyte"), IdxFile.UByteImagesMagic, InstallHint);
        var labels = IdxFile.Read(Locate(directory, $"{prefix}-labels-idx1-ubyte"), IdxFile.UByteLabelsMagic, InstallHint);
        if (images.Dimensions[1] != Side || images.Dimensions[2] != Side)
            throw new HadesUserException(
                $"{prefix} images in {directory} are {images.Dimensions[1]}×{images.Dimensions[2]}, expected {Side}×{Side}");
        if (images.Count != labels.Count)
            throw new HadesUserException($"{prefix} split in {directory} has {images.Count} images but {labels.Count} labels");
        int bad = Array.FindIndex(labels.Data, l => l >= Classes);
        if (bad >= 0)
            throw new HadesUserException($"{prefix} label {bad} in {directory} is {labels.Data[bad]}, expected 0..{Classes - 1}");
        return LabelledImages.FromBytes(images.Data, labels.Data, Side);
    }

    /// <summary>
    /// Splits the training set into <c>Fit</c> (the first N − <paramref name="selectionSize"/> images: for
    /// initialisers and anything else that may learn from data) and <c>Selection</c> (the last
    /// <paramref name="selectionSize"/> images: a fixed held-out slice for ES fitness). Views, not copies.
    /// </summary>
    public (LabelledImages Fit, LabelledImages Selection) SplitTrain(int selectionSize = 10_000)
    {
        // the whole training set (the paper's fitness): selection and initialisers both see every training image
        if (selectionSize == Train.Count) return (Train, Train);
        if (selectionSize <= 0 || selectionSize > Train.Count)
            throw new HadesUserException($"selection size must be in 1..{Train.Count}, got {selectionSize}");
        return (Train.Slice(0, Train.Count - selectionSize), Train.Slice(Train.Count - selectionSize, selectionSize));
    }

    static string Locate(string directory, string stem)
    {
        string gz = Path.Combine(directory, stem + ".gz"), plain = Path.Combine(directory, stem);
        return File.Exists(gz) || !File.Exists(plain) ? gz : plain;
    }

    public void Dispose() { Train.Dispose(); Test.Dispose(); }
}
