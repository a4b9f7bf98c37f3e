using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hades.Tests.Support;

/// <summary>
/// The processor family whose libtorch CPU kernels a pinned bit pattern was produced with. libtorch picks its
/// kernels by vendor and instruction set (its BLAS takes another path on AMD than on Intel), so a float result pinned
/// on one family can differ in its last bits on another: the same code gave other bits on an AMD EPYC (family 25,
/// model 17) than on the AVX-512 Xeons the pins were made on. Pins are therefore kept per family.
/// </summary>
public static class CpuKernelFamily
{
    public const string IntelAvx512 = "GenuineIntel avx512";
    public const string AmdAvx512 = "AuthenticAMD avx512";

    /// <summary>This machine's family: CPU vendor and whether 512-bit vectors are accelerated.</summary>
    public static string Current { get; } = Describe();

    static string Describe()
    {
        string vendor = "unknown";
        if (X86Base.IsSupported)
        {
            var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
            vendor = string.Concat(new[] { ebx, edx, ecx }.SelectMany(BitConverter.GetBytes).Select(b => (char)b));
        }
        return vendor + (Vector512.IsHardwareAccelerated ? " avx512" : " avx2-or-less");
    }

    /// <summary>The pin for this machine's family, or a failure that names the family and the bits it produced
    /// (to add them after checking the difference is the kernels', not the code's).</summary>
    public static string Expected(string actual, params (string Family, string Bits)[] pins)
    {
        foreach (var (family, bits) in pins) if (family == Current) return bits;
        Assert.Fail($"no pinned bits for CPU family '{Current}' (this run produced {actual}); pinned for: {string.Join(", ", pins.Select(p => p.Family))}");
        return "";
    }
}
