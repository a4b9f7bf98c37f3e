using System.Text.RegularExpressions;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Campaigns;

namespace Hades.Tests.Core.Campaigns;

/// <summary>examples/reproduction/*.json (the runs behind docs/reproduction.md and docs/results.md): every row has
/// seeds 0, 1, 2; the paper rows take the paper preset; the classic-control rows name their settings rather than
/// inherit the CartPole default job; the direct-ES baseline's step budget is HaDES-F's.</summary>
public sealed class ReproductionCampaignTests
{
    static string Folder => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "reproduction"));

    static CampaignPlan Plan(string name) => CampaignPlan.Read(Path.Combine(Folder, name + ".json"));

    static string Row(CampaignStage s) => Regex.Replace(s.Name, "-seed[0-9]+$", "");

    [Theory]
    [InlineData("minatar", 4)]
    [InlineData("classic", 10)]
    [InlineData("mujoco", 2)]
    [InlineData("cartpole-paper", 1)]
    [InlineData("fashion-mnist", 1)]
    public void Every_row_runs_seeds_0_1_2(string campaign, int rows)
    {
        var plan = Plan(campaign);
        var byRow = plan.Stages.GroupBy(Row).ToList();
        Assert.Equal(rows, byRow.Count);
        Assert.All(byRow, g => Assert.Equal(["seed0", "seed1", "seed2"], g.Select(s => s.Name[(g.Key.Length + 1)..])));
        Assert.All(plan.Experiments, e => Assert.Equal(e.Name[^1] - '0', (int)e.Config.Seed));
    }

    [Fact]
    public void The_five_files_are_the_ones_reproduction_sh_runs()
    {
        Assert.Equal(["cartpole-paper", "classic", "fashion-mnist", "minatar", "mujoco"],
            Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order());
        string script = File.ReadAllText(Path.Combine(Folder, "..", "reproduction.sh"));
        Assert.Contains("campaigns=(minatar classic mujoco cartpole-paper fashion-mnist)", script);
    }

    [Fact]
    public void Paper_rows_take_the_paper_preset_and_direct_es_gets_hades_f_measured_steps()
    {
        var minatar = Plan("minatar").Experiments;
        Assert.All(minatar, e => Assert.Equal((TaskPresets.Paper, 0.0, 32), (e.Config.Preset, e.Config.StickyActions, e.Config.PopulationSize)));
        var hadesF = minatar.Single(e => e.Name == "breakout-f-seed0").Config;
        Assert.Equal(HadesMode.F, hadesF.Mode);
        long hadesSteps = (long)hadesF.Generations * hadesF.PopulationSize * hadesF.EffectiveInits * hadesF.Episodes * hadesF.FitnessSteps;
        Assert.All(minatar.Where(e => e.Config.Method == HadesMethod.DirectEs), e => Assert.Equal(hadesSteps, e.Config.EnvStepBudget));
        Assert.Equal(3, minatar.Count(e => e.Config.Method == HadesMethod.DirectEs));
        Assert.All(Plan("mujoco").Experiments.Concat(Plan("fashion-mnist").Experiments).Concat(Plan("cartpole-paper").Experiments),
            e => Assert.Equal(TaskPresets.Paper, e.Config.Preset));
    }

    [Fact]
    public void Classic_rows_name_the_settings_the_default_job_no_longer_has()
    {
        var cartpole = Plan("classic").Experiments.Where(e => e.Config.Task == "cartpole" && e.Config.Method == HadesMethod.Hades).ToList();
        Assert.Equal(6, cartpole.Count);
        Assert.All(cartpole, e => Assert.Equal((4, 256, 2, 20, InitAggregateKind.Mean, 0, TaskPresets.Quick),
            (e.Config.DatasetSize, e.Config.PopulationSize, e.Config.Episodes, e.Config.Generations, e.Config.InitAggregate, e.Config.StopWhenSolved, e.Config.Preset)));
        Assert.Equal(3, Plan("classic").Stages.Count(s => s.Kind == CampaignStageKind.Ppo && s.Name.StartsWith("pendulum", StringComparison.Ordinal)));
    }

    /// <summary>The CartPole HaDES rows (quick and paper preset) keep the earlier default job's network, σ, single
    /// learner and mean eval_return: the default job's later changes (one 64 layer, σ 0.05, learner draws, worst-of
    /// eval) must not move these rows silently, as issue 17's merge did before they were pinned.</summary>
    [Fact]
    public void Cartpole_rows_pin_the_earlier_default_jobs_network_sigma_and_learner()
    {
        var rows = Plan("classic").Experiments.Concat(Plan("cartpole-paper").Experiments)
            .Where(e => e.Config.Task == "cartpole" && e.Config.Method == HadesMethod.Hades).ToList();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, e => Assert.Equal(("64,64", 0.1, "", InitAggregateKind.Mean),
            (string.Join(",", e.Config.Hidden), e.Config.Sigma, e.Config.Learners, e.Config.EvalAggregate)));
    }
}
