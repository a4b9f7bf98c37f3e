using System.Text.Json.Nodes;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

/// <summary><c>hades run --eval-every K</c>: K = 1 is today's run; K = 3 scores the mean at generations 0, 3 and the
/// last, writes NaN elsewhere, evolves the same dataset and is recorded in config.json (so resume keeps it).</summary>
public sealed class EvalEveryRunTests : IDisposable
{
    readonly TempDir dir = new();

    static readonly string[] Options = [.. With(With(FinishedRunFixture.TinyOptions, "--generations", "5"), "--final-eval-episodes", "0"), "--quiet"];

    static string[] With(string[] options, string option, string value)
    {
        var copy = options.ToArray();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }

    string Run(string name, params string[] extra)
    {
        string runDir = dir.Sub(name);
        var r = HadesProcess.Run(["run", "--run-dir", runDir, .. Options, .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return runDir;
    }

    static string[][] Rows(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToArray();

    static byte[] Bytes(string runDir, string file) => File.ReadAllBytes(Path.Combine(runDir, file));

    [Fact]
    public void Eval_every_1_is_todays_run_and_eval_every_3_scores_only_its_generations_of_the_same_evolution()
    {
        string plain = Run("plain"), one = Run("one", "--eval-every", "1"), three = Run("three", "--eval-every", "3");

        foreach (var file in new[] { "dataset.json", "best-dataset.json", "config.json" })
            Assert.Equal(Bytes(plain, file), Bytes(one, file));
        var plainRows = Rows(plain);
        Assert.Equal(5, plainRows.Length);
        Assert.All(plainRows, r => Assert.True(double.IsFinite(double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)), string.Join(',', r)));
        Assert.Equal(plainRows.Select(r => r[3]), Rows(one).Select(r => r[3]));

        // K = 3: the ES never reads the mean's score, so the dataset is the same; scored generations have the same score
        Assert.Equal(Bytes(plain, "dataset.json"), Bytes(three, "dataset.json"));
        var threeRows = Rows(three);
        Assert.Equal(plainRows.Select(r => r[0]), threeRows.Select(r => r[0]));
        Assert.Equal(plainRows.Select(r => r[1] + r[2] + r[5]), threeRows.Select(r => r[1] + r[2] + r[5])); // fitness, env steps
        Assert.Equal(new[] { plainRows[0][3], "NaN", "NaN", plainRows[3][3], plainRows[4][3] }, threeRows.Select(r => r[3]));
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Path.Combine(three, "config.json")))!["eval_every"]!.GetValue<int>());
        Assert.Equal(1, JsonNode.Parse(File.ReadAllText(Path.Combine(plain, "config.json")))!["eval_every"]!.GetValue<int>());
    }

    [Fact]
    public void Eval_every_0_is_a_usage_error()
    {
        var r = HadesProcess.Run(["run", "--run-dir", dir.Sub("bad"), .. Options, "--eval-every", "0"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith("hades: error:", r.Stderr.Trim());
        Assert.Contains("eval-every", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.Sub("bad"), "journal.db")));
    }

    public void Dispose() => dir.Dispose();
}
