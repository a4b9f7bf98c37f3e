using System.CommandLine;
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
    public string Description => """
        Trains PPO (clipped surrogate, GAE, separate tanh actor and critic) on a task, starting from the measured
        per-task settings (docs/ppo.md) for cartpole, acrobot, mountaincar, pendulum and mountaincar-continuous, and
        from the generic defaults below (500k steps) elsewhere; options override either. Every iteration is journalled
        to <run-dir>/journal.db; run the same command again (or `hades resume <run-dir>`) to continue a killed run.
        Outputs: ppo.json (settings), metrics.csv (iteration, mean training return, greedy eval return), fitness.png,
        policy.npz (the actor: W0, b0, …, log_std, obs_offset/obs_scale), summary.json.
        """;

    public void Declare(Command command)
    {
        command.AddOptions([PpoOptions.Task, PpoOptions.Seed, PpoOptions.EnvSteps, PpoOptions.Iterations]);
        PpoOptions.Config.AddTo(command);
        command.AddOptions([PpoOptions.Anneal, PpoOptions.EvalEvery, RunOptions.RunDir, RunOptions.FinalEvalEpisodes, RunOptions.Quiet]);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string task = a.ValueOrNull(PpoOptions.Task) ?? Defaults.Task;
        ulong seed = a.NumberOrNull(PpoOptions.Seed) ?? 0;
        // measured per-task settings where there are some (PpoPresets), else the generic defaults
        var (baseline, presetSteps) = PpoPresets.Has(task)
            ? (PpoPresets.For(task, seed).Config, PpoPresets.For(task, seed).EnvSteps)
            : (new PpoConfig { Task = task, Seed = seed }, 500_000L);
        var ppo = PpoOptions.Config.ApplyAll(a, baseline);
        ppo.Validate();
        int? iterationsGiven = a.NumberOrNull(PpoOptions.Iterations);
        long envSteps = a.NumberOrNull(PpoOptions.EnvSteps) ?? presetSteps;
        int iterations = iterationsGiven ?? (int)Math.Max(1, (envSteps + ppo.BatchSize - 1) / ppo.BatchSize);
        if (a.GetValue(PpoOptions.Anneal)) ppo = ppo with { LearningRateAnnealIterations = iterations };
        int evalEvery = a.NumberOrNull(PpoOptions.EvalEvery) ?? 10;
        string runDir = a.ValueOrNull(RunOptions.RunDir) ?? Path.Combine("runs", $"ppo-{ppo.Task}-seed{ppo.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        int finalEpisodes = a.FinalEvalEpisodesOr(100);
        bool quiet = a.GetValue(RunOptions.Quiet);
        var file = new PpoRunFile(ppo, iterations, evalEvery, finalEpisodes);
        file.CreateOrMatch(runDir);
        return Execute(file, new RunDirectory(runDir), finalEpisodes, quiet, cancel);
    }

    internal static async Task<int> Execute(PpoRunFile file, RunDirectory run, int finalEpisodes, bool quiet, CancellationToken cancel)
    {
        var settings = new PpoRunSettings(EvalEvery: file.EvalEvery);
        var clock = Stopwatch.StartNew();
        var ppo = file.Ppo;
        var progress = RunProgress.Create(System.Console.Out, quiet, unit: "iter");
        progress.Header(string.Create(CultureInfo.InvariantCulture,
            $"PPO on {ppo.Task}: {file.Iterations} iterations × {ppo.BatchSize} steps ({ppo.Envs} envs × {ppo.StepsPerEnv}), seed {ppo.Seed} → {run.Path}"));
        var (outcome, state) = await FailureMarking.Around(run.Path,
            () => progress.Show(() => EmbeddedPpoRun.RunAsync(file, run, settings, progress.OnGeneration, cancel)), r => r.Item1);
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
