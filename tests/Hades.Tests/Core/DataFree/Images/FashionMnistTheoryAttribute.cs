using Hades.Tests.Core.Vision;

namespace Hades.Tests.Core.DataFree.Images;

/// <summary>A theory that reads the real Fashion-MNIST files of the Debian package; skipped where they are absent,
/// except under CI (see <see cref="FashionMnistPackage"/>).</summary>
public sealed class FashionMnistTheoryAttribute : TheoryAttribute
{
    public FashionMnistTheoryAttribute() => Skip = FashionMnistPackage.SkipReason;
}
