using Hades.Core.Vision;

namespace Hades.Tests.Core.Vision;

/// <summary>Whether tests that read the real Fashion-MNIST files may skip. Outside CI they skip where the Debian
/// package is absent; under CI (the <c>CI</c> variable set, as <c>.ci/run</c> and hosted CI do) they never skip, so a
/// missing package fails them with the loader's message ("Fashion-MNIST directory … not found; install …").</summary>
public static class FashionMnistPackage
{
    public static bool Installed => File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz"));

    public static bool UnderCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason, or null when the test must run.</summary>
    public static string? SkipReason => Installed || UnderCi ? null
        : $"needs {FashionMnist.DefaultDirectory} (sudo apt-get install dataset-fashion-mnist); never skipped when CI is set";
}
