using Hades.Core.BehaviourDistillation;
using Hades.Core.Campaigns;

namespace Hades.Tests.Core.Campaigns;

/// <summary>The campaign files shipped in examples/ parse into the experiments they promise.</summary>
public sealed class ExampleCampaignTests
{
    static string Examples => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    [Fact]
    public void Every_example_campaign_file_is_valid()
    {
        var files = Directory.GetFiles(Examples, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
            if (DistilCampaignPlan.IsDistilFile(file)) Assert.NotEmpty(DistilCampaignPlan.Read(file).Experiments);
            else Assert.NotEmpty(CampaignPlan.Read(file).Experiments);
    }

    [Fact]
    public void The_data_free_cartpole_campaign_compares_gas_uniform_and_rollouts_over_three_seeds()
    {
        var plan = DistilCampaignPlan.Read(Path.Combine(Examples, "data-free-cartpole.json"));
        Assert.Equal(9, plan.Experiments.Count);
        Assert.All(plan.Experiments, e => Assert.Equal("cartpole", e.Config.Task));
        Assert.Equal(["gas", "rollouts", "uniform"], plan.Experiments.Select(e => e.Config.Method).Distinct().Order());
        Assert.Equal([0UL, 1UL, 2UL], plan.Experiments.Where(e => e.Config.Method == "gas").Select(e => e.Config.Seed));
        Assert.Equal("methodgas-seed0", plan.Experiments[0].Name);
        Assert.Throws<Hades.Core.HadesUserException>(() => CampaignPlan.Read(Path.Combine(Examples, "data-free-cartpole.json")));
    }

    [Fact]
    public void The_data_free_fashion_mnist_campaign_holds_every_method_with_three_seeds_on_its_preset()
    {
        var plan = DistilCampaignPlan.Read(Path.Combine(Examples, "data-free-fashion-mnist.json"));
        Assert.Equal(15 + 8, plan.Experiments.Count);
        foreach (var method in new[] { "kd-real", "gas", "dafl", "dfad", "zskt" })
        {
            var rows = plan.Experiments.Where(e => e.Config.Method == method && e.Config.Task == "fashion-mnist"
                && e.Name.StartsWith("method", StringComparison.Ordinal)).ToList();
            Assert.Equal([1UL, 2UL, 3UL], rows.Select(e => e.Config.Seed).Order());
            Assert.All(rows, e => Assert.Equal(Hades.Core.DataFree.DistilPresets.For("fashion-mnist", method)
                with { Seed = e.Config.Seed, Student = "lenet5-half" }, e.Config));
        }
        Assert.Equal(1, plan.Experiments.Single(e => e.Name == "gas-restarts1").Config.Restarts);
        Assert.False(plan.Experiments.Single(e => e.Name == "gas-no-pixel-prior").Config.PixelPrior);
        Assert.Equal(3, plan.Experiments.Count(e => e.Config.Task == "fashion-mnist-coarse"));
    }

    [Fact]
    public void The_dataset_size_sweep_covers_2_to_64_pairs_for_both_modes()
    {
        var plan = CampaignPlan.Read(Path.Combine(Examples, "sweep-dataset-size.json"));
        Assert.Equal([2, 4, 8, 16, 32, 64], plan.Experiments.Select(e => e.Config.DatasetSize).Distinct().Order());
        Assert.Equal([HadesMode.R, HadesMode.F], plan.Experiments.Select(e => e.Config.Mode).Distinct().Order());
        Assert.Equal(24, plan.Experiments.Count);
    }

    /// <summary>docs/reproduction.md's 40-generation Breakout comparison: direct ES stops at HaDES-F's env steps.</summary>
    [Fact]
    public void The_breakout_comparison_gives_direct_es_the_env_steps_of_40_hades_f_generations()
    {
        var plan = CampaignPlan.Read(Path.Combine(Examples, "breakout-hades-vs-es.json"));
        Assert.Equal(6, plan.Experiments.Count);
        var hadesF = plan.Experiments.Single(e => e.Name == "breakout-f-seed0").Config;
        Assert.Equal((HadesMode.F, 40, 32, TaskPresets.Paper), (hadesF.Mode, hadesF.Generations, hadesF.PopulationSize, hadesF.Preset));
        long steps = (long)hadesF.Generations * hadesF.PopulationSize * hadesF.EffectiveInits * hadesF.Episodes * hadesF.FitnessSteps;
        Assert.Equal(10_485_760, steps);
        var direct = plan.Experiments.Where(e => e.Config.Method == HadesMethod.DirectEs).ToList();
        Assert.Equal([0UL, 1UL, 2UL], direct.Select(e => e.Config.Seed));
        Assert.All(direct, e => Assert.Equal(steps, e.Config.EnvStepBudget));
    }

    [Fact]
    public void A_minatar_campaign_experiment_starts_from_the_minatar_preset()
    {
        var plan = CampaignPlan.Read(Path.Combine(Examples, "minatar-r-vs-f.json"));
        var breakoutR = plan.Experiments.First(e => e.Config.Task == "breakout" && e.Config.Mode == HadesMode.R);
        Assert.Equal((Hades.Core.Es.StrategyKind.Snes, 16, 100), (breakoutR.Config.Strategy, breakoutR.Config.DatasetSize, breakoutR.Config.Generations));
    }

    [Fact]
    public void The_zero_shot_example_trains_experts_and_datasets_for_four_tasks_and_three_seeds_then_one_agent_per_seed()
    {
        var plan = CampaignPlan.Read(Path.Combine(Examples, "zero-shot-campaign.json"));
        string[] tasks = ["cartpole", "acrobot", "mountaincar", "breakout"];
        Assert.Equal(4, plan.Parallel);
        Assert.Equal(12, plan.Stages.Count(s => s.Kind == CampaignStageKind.Ppo));
        Assert.Equal(12, plan.Experiments.Count);
        Assert.Equal(tasks.Order(), plan.Experiments.Select(e => e.Config.Task).Distinct().Order());
        var agents = plan.Stages.Where(s => s.Kind == CampaignStageKind.ZeroShot).ToList();
        Assert.Equal(["zs-seed0", "zs-seed1", "zs-seed2"], agents.Select(a => a.Name));
        foreach (var (agent, seed) in agents.Select((a, i) => (a, i)))
        {
            Assert.Equal(tasks.Select(t => $"expert-task{t}-seed{seed}").Concat(tasks.Select(t => $"data-task{t}-seed{seed}")), agent.Needs);
            Assert.Equal((ulong)seed, ZeroShotStage.Read(agent.Settings, agent.Name).Seed);
        }
    }
}
