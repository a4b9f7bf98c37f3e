using Hades.Core.Vision;

namespace Hades.Tests.Core.Vision;

/// <summary>A test that reads the real Fashion-MNIST files of the Debian package; skipped where they are absent.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")))
            Skip = $"needs {FashionMnist.DefaultDirectory} (sudo apt-get install dataset-fashion-mnist)";
    }
}
