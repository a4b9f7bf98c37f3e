using System.Diagnostics;
using System.Globalization;
using Hades.Actors.Baselines;
using Hades.Core;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Random;
using Hades.Core.Runs;
using Hades.Core.Training;
using Hades.Host.Cli;
using Hades.Host.Console;
using Hades.Host.Hosting;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades ppo`: the PPO baseline/expert, journalled and resumable like a HaDES run.</summary>
public sealed class PpoCommand : ICommand
{
    static readonly PpoConfig Defaults = new();

    public string Name => "ppo";
    public string Summary => "train a PPO expert (baseline, reference return, teacher)";
    public string Help => $"""
        usage: hades ppo [options]

        Trains PPO (clipped surrogate, GAE, separate tanh actor and critic) on a task, starting from the measured
        per-task settings (docs/ppo.md) for cartpole, acrobot, mountaincar, pendulum and mountaincar-continuous, and
        from the generic defaults below (500k steps) elsewhere; options override either. Every iteration is journalled
        to <run-dir>/journal.db; run the same command again (or `hades resume <run-dir>`) to continue a killed run.
        Outputs: ppo.json (settings), metrics.csv (iteration, mean training return, greedy eval return), fitness.png,
        policy.npz (the actor: W0, b0, …, log_std, obs_offset/obs_scale), summary.json.

        options:
          --task NAME            {string.Join(" | ", Core.Envs.TaskRegistry.Names)} (default {Defaults.Task})
          --seed N               (default 0)
          --env-steps N          training budget in environment steps (default: the task's preset, else 500000); or --iterations N
          --envs N               parallel environments (default {Defaults.Envs})
          --steps-per-env N      rollout length per iteration (default {Defaults.StepsPerEnv})
          --epochs N             update epochs per iteration (default {Defaults.Epochs})
          --minibatches N        (default {Defaults.Minibatches})
          --hidden W,W           actor and critic widths (default {string.Join(',', Defaults.Hidden)})
          --lr X                 Adam learning rate (default {Defaults.LearningRate})
          --anneal               anneal the learning rate linearly to 0 over the run
          --ent-coef X           entropy bonus (default {Defaults.EntropyCoefficient})
          --gamma X              discount (default {Defaults.Gamma})
          --norm-obs             normalise observations with the task's fixed constants
          --reward-scale X       multiply rewards in the update (default {Defaults.RewardScale})
          --eval-every N         greedy evaluation every N iterations (default 10)
          --run-dir DIR          (default runs/ppo-<task>-seed<seed>-<time>)
          --final-eval-episodes N  greedy episodes scoring the final policy (default 100; 0 skips)
          --quiet                only the summary
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string> { "quiet", "anneal", "norm-obs" });
        a.ExpectPositionals(Name, 0, 0, "no positional arguments");
        string task = a.String("task") ?? Defaults.Task;
        ulong seed = a.ULong("seed") ?? 0;
        // measured per-task settings where there are some (PpoPresets), else the generic defaults
        var (baseline, presetSteps) = PpoPresets.Has(task)
            ? (PpoPresets.For(task, seed).Config, PpoPresets.For(task, seed).EnvSteps)
            : (new PpoConfig { Task = task, Seed = seed }, 500_000L);
        var ppo = baseline with
        {
            Envs = a.Int("envs") ?? baseline.Envs,
            StepsPerEnv = a.Int("steps-per-env") ?? baseline.StepsPerEnv,
            Epochs = a.Int("epochs") ?? baseline.Epochs,
            Minibatches = a.Int("minibatches") ?? baseline.Minibatches,
            Hidden = a.IntList("hidden") ?? baseline.Hidden,
            LearningRate = a.Double("lr") ?? baseline.LearningRate,
            EntropyCoefficient = a.Double("ent-coef") ?? baseline.EntropyCoefficient,
            Gamma = a.Double("gamma") ?? baseline.Gamma,
            NormaliseObservations = a.Flag("norm-obs") || baseline.NormaliseObservations,
            RewardScale = a.Double("reward-scale") ?? baseline.RewardScale,
        };
        ppo.Validate();
        int? iterationsGiven = a.Int("iterations");
        long envSteps = a.Int("env-steps") ?? presetSteps;
        if (iterationsGiven is <= 0) throw new HadesUserException("--iterations must be a positive integer");
        if (envSteps <= 0) throw new HadesUserException("--env-steps must be a positive integer");
        int iterations = iterationsGiven ?? (int)Math.Max(1, (envSteps + ppo.BatchSize - 1) / ppo.BatchSize);
        if (a.Flag("anneal")) ppo = ppo with { LearningRateAnnealIterations = iterations };
        int evalEvery = a.Int("eval-every") ?? 10;
        if (evalEvery <= 0) throw new HadesUserException("--eval-every must be a positive integer");
        string runDir = a.String("run-dir") ?? Path.Combine("runs", $"ppo-{ppo.Task}-seed{ppo.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        int finalEpisodes = a.FinalEvalEpisodes();
        bool quiet = a.Flag("quiet");
        a.RejectUnused(Name);
        var file = new PpoRunFile(ppo, iterations, evalEvery, finalEpisodes);
        file.CreateOrMatch(runDir);
        return Execute(file, new RunDirectory(runDir), finalEpisodes, quiet, cancel);
    }

    internal static async Task<int> Execute(PpoRunFile file, RunDirectory run, int finalEpisodes, bool quiet, CancellationToken cancel)
    {
        var settings = new PpoRunSettings(EvalEvery: file.EvalEvery);
        var clock = Stopwatch.StartNew();
        var ppo = file.Ppo;
        var progress = new ProgressPrinter(System.Console.Out, quiet, unit: "iter");
        progress.Header(string.Create(CultureInfo.InvariantCulture,
            $"PPO on {ppo.Task}: {file.Iterations} iterations × {ppo.BatchSize} steps ({ppo.Envs} envs × {ppo.StepsPerEnv}), seed {ppo.Seed} → {run.Path}"));
        var (outcome, state) = await EmbeddedPpoRun.RunAsync(file, run, settings, progress.OnGeneration, cancel);
        switch (outcome)
        {
            case RunOutcome.Interrupted:
                System.Console.Error.WriteLine($"hades: interrupted; the journal keeps every finished iteration. Continue with: hades resume {run.Path}");
                return 130;
            case RunOutcome.Failed failed:
                System.Console.Error.WriteLine($"hades: error: {failed.Reason}");
                return 1;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done: {file.Iterations} PPO iterations on {ppo.Task} in {seconds:0.0} s"));
        if (finalEpisodes > 0)
        {
            var returns = Enumerable.Range(0, finalEpisodes)
                .Select(e => (float)PpoPolicy.Evaluate(ppo, state!, 1, CounterRng.Key(ppo.Seed, 0x46494E414CUL, (ulong)e), ActionSelection.Greedy)).ToArray();
            var result = DatasetEvaluation.Summarise(returns);
            new RunSummary
            {
                Task = ppo.Task, Method = "PPO", Seed = ppo.Seed, Generations = file.Iterations,
                Budget = $"{file.Iterations} iterations × {ppo.BatchSize} env steps", EnvSteps = (long)file.Iterations * ppo.BatchSize,
                FinalEvalEpisodes = result.Episodes, FinalEvalMean = result.Mean, FinalEvalStd = result.Std, DistillSeconds = Math.Round(Dashboard.MetricsReader.Read(run.MetricsFile).Sum(h => h.Seconds), 3),
            }.Save(run.SummaryFile);
            System.Console.WriteLine($"final policy (greedy): {DatasetEvaluation.Describe(result, "the trained actor, greedy")}");
        }
        System.Console.WriteLine($"outputs: {run.PolicyFile}, {run.MetricsFile}");
        return 0;
    }
}
