using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary>One small finished run, made once through the real CLI, that tests copy and abuse.</summary>
public sealed class FinishedRunFixture : IDisposable
{
    public TempDir Dir { get; } = new();
    public string RunDir => Dir.Sub("finished");

    public static readonly string[] TinyOptions =
    [
        "--task", "cartpole", "--seed", "4", "--generations", "3", "--population", "16", "--dataset-size", "2",
        "--hidden", "8", "--inner-steps", "5", "--episodes", "1", "--eval-policies", "2", "--final-eval-episodes", "4",
        "--inits", "2", "--init-aggregate", "mean", "--stop-when-solved", "0", "--learners", "", "--sigma", "0.1", "--eval-aggregate", "mean", // not the default job: the settings these tests were written for
    ];

    public FinishedRunFixture()
    {
        var result = HadesProcess.Run(["run", "--run-dir", RunDir, "--quiet", .. TinyOptions]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"fixture run failed: {result.Stderr}");
    }

    /// <summary>A private copy of the finished run.</summary>
    public string Copy(TempDir into, string name = "copy")
    {
        string target = into.Sub(name);
        DirectorySnapshot.CopyTree(RunDir, target);
        return target;
    }

    public void Dispose() => Dir.Dispose();
}
