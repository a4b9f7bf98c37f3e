using Hades.Tests.Support;

namespace Hades.Tests.Host.Commands;

public sealed class ZeroShotTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>
{
    [Fact]
    [Trait("Category", "slow")]
    public void Zero_shot_scores_one_agent_on_every_task_next_to_the_per_task_policies()
    {
        using var scratch = new TempDir();
        string acrobot = scratch.Sub("acrobot.json");
        File.WriteAllText(acrobot, """
            {"task": "acrobot", "states": [[1,0,1,0,-2,0],[1,0,1,0,0,0],[1,0,1,0,2,0]], "labels": [0, 1, 2]}
            """);
        string csv = scratch.Sub("zs.csv");
        var r = HadesProcess.Run("zero-shot", finished.RunDir, acrobot, "--episodes", "4", "--hidden", "32", "--inner-steps", "10", "--out", csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("task,per_task_return,zero_shot_return,random_return,ratio,normalised_ratio", rows[0]);
        Assert.StartsWith("cartpole,", rows[1]);
        Assert.StartsWith("acrobot,", rows[2]);
        Assert.Equal(3, rows.Length);
    }

    [Fact]
    public void Two_datasets_of_one_task_are_refused()
    {
        var r = HadesProcess.Run("zero-shot", finished.RunDir, finished.RunDir);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("two datasets are for task 'cartpole'", r.Stderr);
    }
}
