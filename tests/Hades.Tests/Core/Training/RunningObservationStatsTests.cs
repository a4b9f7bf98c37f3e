using Hades.Core.BehaviourDistillation;
using Hades.Core.Training;
using Hades.Tests.Core.Envs.Mujoco;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Training;

/// <summary>Running observation normalisation (<c>obs_norm: running</c>, the paper preset's MuJoCo setting).</summary>
public sealed class RunningObservationStatsTests
{
    [Fact]
    public void Batched_updates_equal_the_mean_and_variance_of_the_prior_and_every_counted_observation()
    {
        const int features = 3;
        var rng = new System.Random(7);
        var stats = new RunningObservationStats(features);
        var counted = new List<float[]>();
        foreach (int rowsInBatch in new[] { 4, 1, 0, 3, 4, 2 })
        {
            var obs = new float[4 * features];
            for (int j = 0; j < obs.Length; j++) obs[j] = (float)(rng.NextDouble() * 10 - 3 + j % features * 100);
            int[] rows = Enumerable.Range(0, 4).Where(r => r < rowsInBatch).Reverse().ToArray();
            stats.Update(obs, rows);
            counted.AddRange(rows.Select(r => obs.AsSpan(r * features, features).ToArray()));
        }
        // direct computation: the prior is count 1e-4 at mean 0 with variance 1
        double c0 = RunningObservationStats.InitialCount, total = c0 + counted.Count;
        Assert.Equal(total, stats.Count, 12);
        for (int k = 0; k < features; k++)
        {
            double mean = counted.Sum(o => (double)o[k]) / total;
            double m2 = c0 * (1 + mean * mean) + counted.Sum(o => (o[k] - mean) * (o[k] - mean));
            Assert.Equal(mean, stats.Mean[k], 9);
            Assert.Equal(m2 / total, stats.Variance[k], 7);
        }
        var row = new float[features];
        float[] probe = [1f, 2f, 3f];
        stats.Normalise(probe, 0, row);
        for (int k = 0; k < features; k++)
            Assert.Equal((probe[k] - stats.Mean[k]) / Math.Sqrt(stats.Variance[k] + 1e-8), row[k], 4);
    }

    [Fact]
    public void Fresh_statistics_normalise_nothing_away()
    {
        var stats = new RunningObservationStats(2);
        Assert.Equal((0.0, 1.0, 1e-4), (stats.Mean[0], stats.Variance[1], stats.Count));
        stats.Update([5f, -5f], []);
        Assert.Equal(1e-4, stats.Count);
    }

    static HadesConfig TinyHopper() => TaskPresets.For("hopper", TaskPresets.Paper) with
    {
        PopulationSize = 4, Generations = 2, DatasetSize = 4, Hidden = [8], InnerSteps = 3, Episodes = 2, FitnessSteps = 40,
        EvalPolicies = 1, BatchSize = 4, Seed = 5,
        // greedy: sampled actions draw their noise by instance index within the batch (see Rollout.Actor), which would
        // make the batch comparison below about that, not about the statistics being per policy
        ActionSelection = ActionSelection.Greedy,
        FitnessProtocol = FitnessProtocol.Episode, // whole episodes: a return for every policy (40 steps finish none)
    };

    [MujocoFact]
    public void A_candidates_fitness_under_running_normalisation_is_the_same_in_any_batch_and_differs_from_fixed()
    {
        var problem = new HadesProblem(TinyHopper());
        Assert.True(problem.Layout.RunningNormalisation);
        var state = problem.InitialState();
        var all = problem.ScoreCandidates(state, [0, 1, 2, 3]);
        var alone = problem.ScoreCandidates(state, [2]);
        Assert.Equal(all.Fitness[2], alone.Fitness[0]);
        Assert.Equal(all.EnvSteps[2], alone.EnvSteps[0]);
        Assert.NotEqual(0f, alone.Fitness[0]);
        var fixedNorm = new HadesProblem(TinyHopper() with { ObsNorm = "fixed" }).ScoreCandidates(state, [2]);
        Assert.NotEqual(alone.Fitness[0], fixedNorm.Fitness[0]);
    }

    [Fact]
    public void The_paper_preset_uses_running_normalisation_for_mujoco_only_and_the_quick_preset_is_unchanged()
    {
        foreach (var task in new[] { "hopper", "walker2d", "halfcheetah", "ant", "humanoid", "inverted-double-pendulum" })
        {
            Assert.Equal("running", TaskPresets.For(task, TaskPresets.Paper).ObsNorm);
            Assert.Equal("running", TaskPresets.For(task, TaskPresets.Paper, "direct-es").ObsNorm);
            Assert.Equal("fixed", TaskPresets.For(task).ObsNorm);
            Assert.Equal("fixed", TaskPresets.For(task, TaskPresets.Quick).ObsNorm);
        }
        Assert.Equal("fixed", TaskPresets.For("breakout", TaskPresets.Paper).ObsNorm);
        Assert.Equal("fixed", TaskPresets.For("pendulum", TaskPresets.Paper).ObsNorm);
        Assert.Contains("\"obs_norm\": \"running\"", TaskPresets.For("hopper", TaskPresets.Paper).Validate().ToJson());
    }

    [Fact]
    public void Running_normalisation_needs_no_constants_and_unknown_names_are_refused()
    {
        var layout = (TestConfigs.Tiny() with { ObsNorm = "running" }).Validate().Layout();
        Assert.True(layout.RunningNormalisation);
        Assert.Null(layout.ObservationScale);
        var e = Assert.Throws<Hades.Core.HadesUserException>(() => (TestConfigs.Tiny() with { ObsNorm = "batch" }).Validate());
        Assert.Contains("none, fixed or running", e.Message);
    }
}
