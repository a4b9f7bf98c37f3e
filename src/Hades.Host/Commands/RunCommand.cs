using System.CommandLine;
using System.Diagnostics;
using Hades.Core.Es;
using System.Globalization;
using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Random;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Console;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;
using Hades.Actors.Messages;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades run`: start a new distillation (or continue one with the same config in the same run dir).</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "distil a dataset with HaDES (default: CartPole)";
    public string Description => """
        Evolves a synthetic dataset with HaDES (OpenAI-ES outer loop, supervised inner loop) through the
        actor pipeline, journalling every generation to <run-dir>/journal.db. A killed run continues with
        `hades resume <run-dir>`. Outputs: dataset.json, metrics.csv, config.json, summary.json.
        On a terminal it shows live progress; piped or with --quiet, plain lines (--quiet: only the summary).
        """;

    public void Declare(Command command)
    {
        command.AddOptions([RunOptions.RunDir, RunOptions.FinalEvalEpisodes, RunOptions.Quiet, .. DashboardOption.All, .. JournalOptions.All, .. Telemetry.MetricsOption.All]);
        ConfigOptions.All.AddTo(command);
    }

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var config = (ConfigOptions.Read(a) with { FinalEvalEpisodes = a.FinalEvalEpisodesOr(100) }).Validate();
        string runDir = a.ValueOrNull(RunOptions.RunDir)
            ?? Path.Combine("runs", $"{config.Task}-seed{config.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        int finalEpisodes = config.FinalEvalEpisodes;
        bool quiet = a.GetValue(RunOptions.Quiet);
        var run = new RunDirectory(runDir);
        var journal = JournalOptions.Read(a, run);
        var dashboardOptions = DashboardOption.Read(a, run.Path);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        await using var dashboard = await DashboardOption.StartAsync(dashboardOptions); // a busy port fails before the run dir is made
        using var metrics = Telemetry.MetricsOption.Start(metricsOptions, quiet);
        run.CheckJournalKind(journal.Kind);
        journal.EnsureReachable();
        var guard = run.HasRun ? RunGuard.ForHades(run, journal, config.Generations) : null; // an existing run dir: check it before anything is written
        MemoryCheck.Hades(config);
        run.CreateOrMatch(config);
        run.RecordJournalKind(journal.Kind);
        (guard ?? RunGuard.ForHades(run, journal, config.Generations)).Record();
        return await Execute(run, config, finalEpisodes, quiet, cancel, Embedded(journal), dashboard?.Feed);
    }

    /// <summary>Drives a run to its end in some topology (embedded, or a cluster seed).</summary>
    internal delegate Task<RunOutcome> Runner(HadesProblem problem, RunDirectory run, Action<GenerationReported> onGeneration, CancellationToken cancel);

    internal static Runner Embedded(JournalChoice journal) =>
        (problem, run, onGeneration, cancel) => EmbeddedRun.RunAsync(problem, run, onGeneration, cancel, journal);

    /// <summary>Runs (or continues) the run in <paramref name="run"/> to its end and prints the summary; with a
    /// <paramref name="feed"/>, every generation and the run's status also go to the dashboard. A session that ends in
    /// an error marks the run dir failed for other processes (<see cref="FailureMarking"/>).</summary>
    internal static async Task<int> Execute(RunDirectory run, HadesConfig config, int finalEpisodes, bool quiet,
        CancellationToken cancel, Runner runner, DashboardFeed? feed = null)
    {
        var clock = Stopwatch.StartNew();
        var problem = new HadesProblem(config);
        var progress = RunProgress.Create(System.Console.Out, quiet);
        progress.Header(string.Create(CultureInfo.InvariantCulture,
            $"{config.MethodLabel} ({config.Strategy.Name()}) on {config.Task}: population {config.PopulationSize}, {(config.IsDirectEs ? $"policy {string.Join('x', config.Hidden)}" : config.IsImageTask ? $"{config.ImagesPerClass} image(s) per class" : $"{config.DatasetSize} pairs")}, {config.Generations} generations, seed {config.Seed} → {run.Path}"));
        Action<GenerationReported> onGeneration = progress.OnGeneration;
        if (feed is not null)
            onGeneration = r => { progress.OnGeneration(r); feed.Publish(new GenerationEvent(run.Path, r.Record, r.TotalGenerations)); };
        feed?.RunStarted(run.Path);
        RunOutcome outcome;
        try { outcome = await FailureMarking.Around(run.Path, () => progress.Show(() => runner(problem, run, onGeneration, cancel)), o => o); }
        catch { feed?.RunEnded(run.Path, RunStatus.Failed); throw; }
        feed?.RunEnded(run.Path, outcome switch
        {
            RunOutcome.Interrupted => RunStatus.Stopped,
            RunOutcome.Failed => RunStatus.Failed,
            _ => RunStatus.Finished,
        });
        switch (outcome)
        {
            case RunOutcome.Interrupted:
                System.Console.Error.WriteLine($"hades: interrupted; the journal keeps every finished generation. Continue with: hades resume {run.Path}");
                return 130;
            case RunOutcome.Failed failed:
                System.Console.Error.WriteLine($"hades: error: {failed.Reason}");
                return 1;
        }
        double distillSeconds = clock.Elapsed.TotalSeconds;
        string evalLine = finalEpisodes > 0
            ? FinalEvaluation.Describe(problem, FinalEvaluation.Run(problem, run, finalEpisodes))
            : "";
        int generationsDone = outcome is RunOutcome.Finished f ? f.Generations : config.Generations;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {generationsDone} generations of {config.MethodLabel} on {config.Task} in {distillSeconds:0.0} s{(generationsDone >= config.Generations ? "" : config.EnvStepBudget == 0 ? $" (stopped: eval return solved for {config.StopWhenSolved} generations in a row)" : config.StopWhenSolved == 0 ? $" (stopped: env-step budget {config.EnvStepBudget:N0} reached)" : " (stopped: stop-when-solved or env-step budget)")}"));
        if (evalLine.Length > 0) System.Console.WriteLine($"final {(problem.Direct is null ? "dataset" : "policy")}: {evalLine}");
        if (evalLine.Length > 0 && RunSummary.Load(run.SummaryFile) is { BestGeneration: int bestGeneration, BestFinalEvalMean: double bestMean } summary)
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best {(problem.Direct is null ? "dataset" : "policy")} (generation {bestGeneration}, eval return {summary.BestEvalReturn:0.##}): {bestMean:0.00} ± {summary.BestFinalEvalStd:0.00} in the same evaluation; {summary.EnvSteps:N0} environment steps"));
        if (evalLine.Length > 0 && RunSummary.Load(run.SummaryFile) is { GeneralisationScore: { } score } scored)
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generalisation score: {score:0.000} ({scored.GeneralisationPairs} pairs of the standard learner grid; hades generalise {run.Path} for the table)"));
        System.Console.WriteLine($"outputs: {(problem.Direct is null ? run.DatasetFile : run.PolicyFile)}, {run.MetricsFile}");
        return 0;
    }
}
