using System.Diagnostics;

namespace Hades.Host.Bench;

/// <summary>
/// Benchmarks time steady-state code: `hades bench` runs itself again with tiered compilation off
/// (<c>DOTNET_TieredCompilation=0</c>: every method fully optimised on its first call), unless this process already
/// is that run. With tiering on, a bench's few generations ran partly tier-0 code and the runtime's background
/// recompiler took a core for milliseconds mid-rollout, which a run of hundreds of generations outgrows: the roofline
/// probes read half their speed and the inverted double pendulum's physics share 2 points low (docs/benchmarks.md,
/// issue 18, ninth pass). The rerun shares this process's console; its exit code is this command's.
/// </summary>
public static class UntieredRerun
{
    public const string Variable = "DOTNET_TieredCompilation";

    /// <summary>True when this process already runs untiered (or the user chose tiering explicitly).</summary>
    public static bool NotNeeded => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 };

    /// <summary>How this process compiles, for the bench's header lines: "tiered compilation off" in the rerun.</summary>
    public static string JitMode => Environment.GetEnvironmentVariable(Variable) == "0" ? "tiered compilation off"
        : $"tiered compilation on ({Variable}={Environment.GetEnvironmentVariable(Variable) ?? "unset"})";

    public static async Task<int> RunAsync(IEnumerable<string> arguments, CancellationToken cancel)
    {
        var info = SelfProcess.StartInfo(arguments);
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        info.Environment[Variable] = "0";
        using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start the untiered bench process");
        try { await child.WaitForExitAsync(cancel); }
        catch (OperationCanceledException)
        {
            try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // already gone
            throw;
        }
        return child.ExitCode;
    }
}
