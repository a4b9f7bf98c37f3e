namespace Hades.Tests.Core.Vision;

/// <summary>A test that reads the real Fashion-MNIST files of the Debian package; skipped where they are absent,
/// except under CI (see <see cref="FashionMnistPackage"/>).</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute() => Skip = FashionMnistPackage.SkipReason;
}
