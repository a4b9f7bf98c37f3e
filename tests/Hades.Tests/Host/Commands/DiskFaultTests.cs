using System.Diagnostics;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>
/// Fault cases of the bad-input suite that need the operating system's help: a read-only (immutable) run dir and a
/// full disk (a tiny tmpfs). Each gives one clear line and a non-zero exit and leaves the stored data intact; after
/// the disk is enlarged the run resumes to the uninterrupted result. They need root (`chattr +i`, `mount`), as
/// `.ci/run` has; elsewhere they are skipped with that reason.
/// </summary>
public sealed class DiskFaultTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly string[] Options =
        ["--generations", "200", "--population", "16", "--hidden", "8", "--inner-steps", "5", "--eval-policies", "2", "--final-eval-episodes", "0", "--quiet", "--dataset-size", "4", "--episodes", "2", "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean"];

    static (int Code, string Output) Sh(string command)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    [RootFact]
    [Trait("Category", "slow")]
    public void A_read_only_run_dir_is_refused_in_one_line_and_left_intact()
    {
        string run = dir.Sub("run"), empty = dir.Sub("empty");
        Assert.Equal(0, HadesProcess.Run(["run", "--run-dir", run, .. Options.Select(o => o == "40" ? "2" : o)]).ExitCode);
        Directory.CreateDirectory(empty);
        var before = Snapshot(run);
        var (code, why) = Sh($"chattr +i '{run}' '{empty}'");
        Assert.True(code == 0, $"chattr +i failed: {why}");
        try
        {
            var resume = HadesProcess.Run("resume", run, "--quiet");
            Assert.NotEqual(0, resume.ExitCode);
            Assert.StartsWith("hades: error: cannot write run dir", resume.Stderr);
            Assert.Single(resume.Stderr.Trim().Split('\n'));
            var fresh = HadesProcess.Run("run", "--run-dir", Path.Combine(empty, "new"), "--quiet");
            Assert.NotEqual(0, fresh.ExitCode);
            Assert.Single(fresh.Stderr.Trim().Split('\n'));
            Assert.Contains("cannot write run dir", fresh.Stderr);
        }
        finally { Sh($"chattr -i '{run}' '{empty}'"); }
        var after = Snapshot(run);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, after[file]);
    }

    [RootFact]
    [Trait("Category", "slow")]
    public void A_full_disk_stops_the_run_in_one_line_and_it_resumes_once_there_is_room()
    {
        string reference = dir.Sub("reference"), mountPoint = dir.Sub("small");
        Directory.CreateDirectory(mountPoint);
        var (code, why) = Sh($"mount -t tmpfs -o size=200k tmpfs '{mountPoint}'");
        Assert.True(code == 0, $"mounting a small tmpfs failed: {why}");
        try
        {
            string run = Path.Combine(mountPoint, "run");
            var full = HadesProcess.Run(["run", "--run-dir", run, .. Options]);
            Assert.True(full.ExitCode == 1, $"a run that fails mid-way exits 1 (README, Guarantees); got {full.ExitCode}: {full.Stderr}");
            Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories)); // AtomicFile removes what a failed write left
            Assert.Single(full.Stderr.Trim().Split('\n'));
            Assert.Matches("full|space|cannot write", full.Stderr);
            int done = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1;
            Assert.InRange(done, 1, 199); // the journal fills the 200 KiB tmpfs after ~40 generations (pictures are redrawn only every few seconds now)

            Assert.Equal(0, Sh($"mount -o remount,size=20m '{mountPoint}'").Code);
            var resumed = HadesProcess.Run("resume", run, "--final-eval-episodes", "0", "--quiet");
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Equal(0, HadesProcess.Run(["run", "--run-dir", reference, .. Options]).ExitCode);
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "dataset.json")), File.ReadAllBytes(Path.Combine(run, "dataset.json")));
        }
        finally { Sh($"umount '{mountPoint}'"); }
    }

    public void Dispose() => dir.Dispose();
}

/// <summary>A test that needs root (immutable files, mounting a tmpfs); skipped for other users.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/chattr") && !File.Exists("/bin/chattr"))
            Skip = "needs root with chattr and mount (the fault cases make a run dir immutable and mount a tiny tmpfs); .ci/run runs as root";
    }
}
