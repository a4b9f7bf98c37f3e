using Hades.Core.BehaviourDistillation;
using Hades.Core.Policies;
using Hades.Core.Es;
using Hades.Tests.Support;
using TorchSharp;

namespace Hades.Tests.Core.BehaviourDistillation;

/// <summary>The direct-ES baseline and SNES inside the HaDES problem.</summary>
public sealed class DirectEsAndSnesProblemTests
{
    [Fact]
    public void Direct_es_searches_the_policy_weights_from_a_network_init()
    {
        var problem = new HadesProblem(TestConfigs.Tiny() with { Method = HadesMethod.DirectEs, Hidden = [8] });
        Assert.NotNull(problem.Direct);
        Assert.Equal(4 * 8 + 8 + 8 * 2 + 2, problem.Dimension);
        var start = problem.InitialState().Mean;
        Assert.Equal(problem.Dimension, start.Length);
        Assert.Contains(start, v => v != 0f);
        // a candidate is scored as the policy it encodes: same fitness in any batch, positive CartPole returns
        var state = problem.InitialState() with { Generation = 1 };
        var all = problem.EvaluateCandidates(state, Enumerable.Range(0, 16).ToArray());
        Assert.Equal(all[4..8], problem.EvaluateCandidates(state, [4, 5, 6, 7]));
        Assert.All(all, f => Assert.InRange(f, 1f, 500f));
    }

    [Fact]
    public void Flat_parameters_round_trip_through_the_batched_network()
    {
        var shape = new MlpShape(3, [5], 2, Activation.Tanh);
        using var net = BatchedMlp.Create(shape, [7UL, 8UL], m => m, 2, torch.CPU);
        var flat = new[] { net.Flatten(0), net.Flatten(1) };
        using var rebuilt = BatchedMlp.FromFlat(shape, flat, torch.CPU);
        Assert.Equal(flat[1], rebuilt.Flatten(1));
        using var x = torch.randn(2, 4, 3);
        using var noGrad = torch.no_grad();
        Assert.True(net.Forward(x).allclose(rebuilt.Forward(x)));
    }

    [Fact]
    public void Direct_es_final_score_uses_the_policy_on_distinct_starts()
    {
        var problem = new HadesProblem(TestConfigs.Tiny() with { Method = HadesMethod.DirectEs, Hidden = [8] });
        var returns = problem.EvaluateResult(problem.InitialState().Mean, 6, seed: 3);
        Assert.Equal(6, returns.Length);
        Assert.Equal(returns, problem.EvaluateResult(problem.InitialState().Mean, 6, seed: 3));
    }

    [Fact]
    public void Snes_runs_replay_exactly_and_carry_sigma()
    {
        var problem = new HadesProblem(TestConfigs.Tiny() with { Strategy = StrategyKind.Snes, Sigma = 0.5, LearningRate = 1.0 });
        Assert.IsType<Snes>(problem.Strategy);
        var live = RunState.Initial(problem);
        Assert.All(live.Es.Sigma, s => Assert.Equal(0.5f, s));
        var log = new List<float[]>();
        for (int g = 0; g < 2; g++)
        {
            var fitness = problem.EvaluateCandidates(live.Es, Enumerable.Range(0, 16).ToArray());
            log.Add(fitness);
            live = live.Apply(problem.Strategy, g, fitness, 0f, 0.1);
        }
        var replayed = RunState.Initial(problem);
        for (int g = 0; g < 2; g++) replayed = replayed.Apply(problem.Strategy, g, log[g], 0f, 0.1);
        Assert.Equal(live.Es.Mean, replayed.Es.Mean);
        Assert.Equal(live.Es.Sigma, replayed.Es.Sigma);
        Assert.NotEqual(0.5f, live.Es.Sigma[0]);
    }

    [Fact]
    public void Unknown_method_or_strategy_is_a_user_error()
    {
        Assert.Equal("unknown method 'ppo-es' (expected hades or direct-es)", Assert.Throws<Hades.Core.HadesUserException>(() => HadesMethods.Parse("ppo-es")).Message);
        Assert.Equal("unknown strategy 'cma' (expected openai-es or snes)", Assert.Throws<Hades.Core.HadesUserException>(() => StrategyKinds.Parse("cma")).Message);
    }

    [Fact]
    public void Task_presets_start_minatar_from_snes_and_continuous_tasks_from_gaussian_policies()
    {
        var breakout = TaskPresets.For("breakout");
        Assert.Equal((StrategyKind.Snes, 0.5, 16, HadesMode.F), (breakout.Strategy, breakout.Sigma, breakout.DatasetSize, breakout.Mode));
        var pendulum = TaskPresets.For("pendulum");
        Assert.Equal(("tanh", 0.5, Hades.Core.Training.ActionSelection.Sample), (pendulum.Activation, pendulum.InnerGradClip, pendulum.ActionSelection));
        // the default job (cartpole, HaDES) is the robust one; the other classic-control tasks and direct ES keep the defaults
        var cartpole = TaskPresets.For("cartpole");
        Assert.Equal((8, 64, 0.05, 16, 1, InitAggregateKind.Min, 32, InitAggregateKind.Min, 3, 20), (cartpole.DatasetSize, cartpole.PopulationSize,
            cartpole.Sigma, cartpole.Inits, cartpole.Episodes, cartpole.InitAggregate, cartpole.EvalPolicies, cartpole.EvalAggregate,
            cartpole.StopWhenSolved, cartpole.Generations));
        Assert.Equal([64], cartpole.Hidden);
        Assert.Equal("hidden=64|64x64", cartpole.Learners);
        Assert.Equal((new HadesConfig() with { Task = "cartpole" }).ToJson(), (cartpole with
        {
            DatasetSize = 4, Hidden = [64, 64], PopulationSize = 256, Sigma = 0.1, Inits = 2, Episodes = 2, InitAggregate = InitAggregateKind.Mean,
            Learners = "", EvalPolicies = 16, EvalAggregate = InitAggregateKind.Mean, StopWhenSolved = 0,
        }).ToJson());
        Assert.Equal((new HadesConfig() with { Task = "acrobot" }).ToJson(), TaskPresets.For("acrobot").ToJson());
        // HaDES-F over the default job drops the preset's learner draws (they need fresh inits); draws given otherwise stay
        Assert.Equal("", TaskPresets.FitMode(cartpole, cartpole with { Mode = HadesMode.F }).Validate().Learners);
        Assert.Equal(cartpole.Learners, TaskPresets.FitMode(cartpole, cartpole).Learners);
        Assert.Equal("hidden=8|16", TaskPresets.FitMode(cartpole, cartpole with { Mode = HadesMode.F, Learners = "hidden=8|16" }).Learners);
        Assert.Equal(new HadesConfig().ToJson(), TaskPresets.For("cartpole", TaskPresets.Quick, HadesMethod.DirectEs).ToJson());
    }
}
