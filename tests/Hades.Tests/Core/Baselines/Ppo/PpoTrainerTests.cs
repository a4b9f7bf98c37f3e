using System.Text.Json;
using Hades.Core;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Envs;
using Hades.Core.Training;

namespace Hades.Tests.Core.Baselines.Ppo;

/// <summary>Determinism, exact resumption and bookkeeping of the PPO trainer.</summary>
[Collection("ppo")]
public class PpoTrainerTests
{
    static PpoConfig Small(string task, ulong seed = 3) => new()
    {
        Task = task, Seed = seed, Envs = 3, StepsPerEnv = 48, Epochs = 2, Minibatches = 3, Hidden = [16, 16],
        EntropyCoefficient = 0.01, NormaliseObservations = true,
    };

    /// <summary>Round trip through JSON: only the arrays and numbers of the record survive.</summary>
    static PpoState ThroughJson(PpoState state) =>
        JsonSerializer.Deserialize<PpoState>(JsonSerializer.Serialize(state))!;

    [Theory]
    [InlineData("cartpole")]
    [InlineData("pendulum")]
    [InlineData("mountaincar-continuous")]
    public void Resuming_from_a_saved_state_continues_exactly(string task)
    {
        const int total = 5, split = 2;
        var config = Small(task);
        var straight = new PpoTrainer(config);
        var statsStraight = new List<PpoIterationStats>();
        var end = straight.Train(straight.Initial(), total, (_, s) => statsStraight.Add(s));

        var first = new PpoTrainer(config);
        var statsResumed = new List<PpoIterationStats>();
        var middle = first.Train(first.Initial(), split, (_, s) => statsResumed.Add(s));
        var saved = ThroughJson(middle);
        Assert.Contains(saved.EpisodeActions, a => a.Length > 0);   // episodes do run across iterations
        var second = new PpoTrainer(config with { });                // a fresh trainer, as after a restart
        var resumed = second.Train(saved, total - split, (_, s) => statsResumed.Add(s));

        Assert.Equal(end.Iteration, resumed.Iteration);
        Assert.Equal(end.EnvSteps, resumed.EnvSteps);
        Assert.Equal(end.Parameters, resumed.Parameters);
        Assert.Equal(end.AdamFirstMoment, resumed.AdamFirstMoment);
        Assert.Equal(end.AdamSecondMoment, resumed.AdamSecondMoment);
        Assert.Equal(end.AdamSteps, resumed.AdamSteps);
        Assert.Equal(end.EpisodeCounters, resumed.EpisodeCounters);
        Assert.Equal(end.EpisodeActions, resumed.EpisodeActions);
        Assert.Equal(statsStraight, statsResumed);
    }

    [Fact]
    public void Iterate_leaves_its_input_alone_and_depends_on_the_seed()
    {
        var trainer = new PpoTrainer(Small("cartpole"));
        var initial = trainer.Initial();
        var copy = initial.DeepCopy();
        var (a, statsA) = trainer.Iterate(initial);
        var (b, statsB) = trainer.Iterate(initial);
        Assert.Equal(copy.Parameters, initial.Parameters);
        Assert.Equal(copy.EpisodeActions, initial.EpisodeActions);
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(statsA, statsB);
        Assert.NotEqual(initial.Parameters, a.Parameters);
        Assert.Equal(1, a.Iteration);
        Assert.Equal(3 * 48, a.EnvSteps);
        Assert.Equal(2 * 3, a.AdamSteps);

        var other = new PpoTrainer(Small("cartpole", seed: 4));
        Assert.NotEqual(initial.Parameters, other.Initial().Parameters);
        Assert.NotEqual(a.Parameters, other.Iterate(other.Initial()).Next.Parameters);
    }

    [Fact]
    public void Episode_bookkeeping_counts_finished_episodes_and_keeps_partial_ones()
    {
        // Pendulum never terminates: with 3 instances × 48 steps × 5 iterations = 240 steps each, every instance
        // finishes exactly one 200-step episode and is 40 steps into its second.
        var trainer = new PpoTrainer(Small("pendulum"));
        var finished = 0;
        var state = trainer.Train(trainer.Initial(), 5, (_, s) =>
        {
            finished += s.EpisodesFinished;
            if (s.EpisodesFinished > 0) Assert.Equal(200, s.MeanEpisodeLength);
            else Assert.True(double.IsNaN(s.MeanEpisodeReturn));
        });
        Assert.Equal(3, finished);
        Assert.Equal([1L, 1L, 1L], state.EpisodeCounters);
        Assert.All(state.EpisodeActions, a => Assert.Equal(40, a.Length));
        Assert.All(state.EpisodeActions.SelectMany(a => a), a => Assert.InRange(a, -2f, 2f));   // clipped when stepping
    }

    [Fact]
    public void Environments_tell_truncation_from_termination()
    {
        var spec = TaskRegistry.Spec("cartpole");
        var state = new PpoTrainer(Small("cartpole")).Initial();
        var envs = new PpoEnvironments(spec, TaskRegistry.Factory("cartpole"), 1, state);
        var final = new float[4];
        int steps = 0;
        (float Reward, bool Done, bool Truncated, double EpisodeReturn, int EpisodeLength) step;
        do { step = envs.Step(0, [1f], final); steps++; } while (!step.Done);   // always push right: falls over
        Assert.False(step.Truncated);
        Assert.Equal(steps, step.EpisodeLength);
        Assert.Equal(steps, step.EpisodeReturn);
        Assert.True(Math.Abs(final[0]) > 2.4 || Math.Abs(final[2]) > 12 * 2 * Math.PI / 360);
        Assert.Equal([1L, 0L, 0L], envs.EpisodeCounters());

        var pendulum = new PpoEnvironments(TaskRegistry.Spec("pendulum"), TaskRegistry.Factory("pendulum"), 1,
            new PpoTrainer(Small("pendulum")).Initial());
        var finalP = new float[3];
        do { step = pendulum.Step(2, [0.5f], finalP); } while (!step.Done);
        Assert.True(step.Truncated);
        Assert.Equal(200, step.EpisodeLength);
    }

    [Fact]
    public void Mismatched_states_and_bad_configs_are_refused()
    {
        var trainer = new PpoTrainer(Small("cartpole"));
        var state = trainer.Initial();
        Assert.Throws<HadesUserException>(() => new PpoTrainer(Small("cartpole") with { Hidden = [8] }).Iterate(state));
        Assert.Throws<HadesUserException>(() => new PpoTrainer(Small("cartpole") with { Envs = 4 }).Iterate(state));
        var tooLong = state with { EpisodeActions = [new float[500], [], []] };
        Assert.Throws<HadesUserException>(() => trainer.Iterate(tooLong));
        Assert.Throws<HadesUserException>(() => new PpoTrainer(Small("cartpole") with { Minibatches = 5 }));
        Assert.Throws<HadesUserException>(() => new PpoTrainer(Small("no-such-task")));
    }

    [Fact]
    public void The_exported_actor_matches_the_trained_network_everywhere()
    {
        var config = Small("cartpole") with { Envs = 4, StepsPerEnv = 64, Minibatches = 4 };
        var trainer = new PpoTrainer(config);
        var state = trainer.Train(trainer.Initial(), 3);
        var actor = PpoPolicy.ExportActor(config, state);
        Assert.Equal(2, actor.Shape.Output);
        Assert.NotEqual(0f, actor.ObservationOffset.Select(MathF.Abs).Sum());   // normalisation is on

        // plain forward vs torch forward of the flat parameters
        var obs = new float[] { 0.3f, -0.5f, 0.05f, 0.8f };
        var plain = actor.Forward(obs);
        var normalised = new float[4];
        for (int i = 0; i < 4; i++) normalised[i] = (obs[i] - actor.ObservationOffset[i]) / actor.ObservationScale[i];
        using var theta = TorchSharp.torch.tensor(state.Parameters);
        using var x = TorchSharp.torch.tensor(normalised, [1, 4]);
        using var torchOut = PpoNetwork.Actor(trainer.Layout, theta, x);
        var expected = torchOut.data<float>().ToArray();
        for (int k = 0; k < 2; k++) Assert.Equal(expected[k], plain[k], 5);

        // BatchedMlp with the normalisation folded in takes raw observations
        using var mlp = actor.ToBatchedMlp(2, TorchSharp.torch.CPU);
        using var raw = TorchSharp.torch.tensor(obs.Concat(obs).ToArray(), [2, 1, 4]);
        using var batched = mlp.Forward(raw);
        var b = batched.data<float>().ToArray();
        for (int k = 0; k < 2; k++) { Assert.Equal(plain[k], b[k], 4); Assert.Equal(plain[k], b[2 + k], 4); }

        // the evaluation Rollout.Run gives the exported network equals PpoPolicy.Evaluate on the same starts
        using var unfolded = actor.ToBatchedMlp(1, TorchSharp.torch.CPU, foldObservationNormalisation: false);
        var viaRollout = Rollout.Run(unfolded, TaskRegistry.Factory("cartpole"), 8, 77, ActionSelection.Greedy,
            TorchSharp.torch.CPU, obsOffset: actor.ObservationOffset, obsScale: actor.ObservationScale)[0];
        var viaPpo = PpoPolicy.Evaluate(config, state, 8, 77, ActionSelection.Greedy);
        Assert.Equal(viaPpo, viaRollout, 3);
    }
}

public class PpoPresetTests
{
    [Fact]
    public void The_classic_control_tasks_have_valid_presets_and_other_tasks_say_they_have_none()
    {
        var names = Hades.Core.Envs.TaskRegistry.Names;
        Assert.Equal(["acrobot", "cartpole", "mountaincar", "mountaincar-continuous", "pendulum"], names.Where(PpoPresets.Has).Order());
        foreach (var task in names.Where(t => !PpoPresets.Has(t)))
            Assert.Throws<HadesUserException>(() => PpoPresets.For(task));
        foreach (var task in names.Where(PpoPresets.Has))
        {
            var preset = PpoPresets.For(task, seed: 5);
            Assert.Equal(task, preset.Config.Validate().Name);
            Assert.Equal(5UL, preset.Config.Seed);
            Assert.True(preset.Iterations * preset.Config.BatchSize >= preset.EnvSteps);
        }
        Assert.Throws<HadesUserException>(() => PpoPresets.For("no-such-task"));
    }
}
