using Hades.Core.Es;
using System.Diagnostics;
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
    public string Help => $"""
        usage: hades run [options]

        Evolves a synthetic dataset with HaDES (OpenAI-ES outer loop, supervised inner loop) through the
        actor pipeline, journalling every generation to <run-dir>/journal.db. A killed run continues with
        `hades resume <run-dir>`. Outputs: dataset.json, metrics.csv, config.json, summary.json.

        options:
          --run-dir DIR          where to write the run (default runs/<task>-seed<seed>-<time>)
          --final-eval-episodes N  episodes scoring the final result (default 100; 0 skips): HaDES-R one fresh policy
                                 each, HaDES-F the fixed-init policy, direct ES the policy; fashion-mnist: CNNs (≤ 10)
          --quiet                only the summary
        {DashboardOption.HelpLines}
        {Telemetry.MetricsOption.HelpLines}
        {JournalChoice.HelpLines}
        {ConfigOptions.HelpLines()}
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string> { "quiet" }, DashboardOption.OptionalNumber);
        a.ExpectPositionals(Name, 0, 0, "no positional arguments");
        var config = (ConfigOptions.Read(a) with { FinalEvalEpisodes = a.FinalEvalEpisodes() }).Validate();
        string runDir = a.String("run-dir")
            ?? Path.Combine("runs", $"{config.Task}-seed{config.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        int finalEpisodes = config.FinalEvalEpisodes;
        bool quiet = a.Flag("quiet");
        var run = new RunDirectory(runDir);
        var journal = JournalChoice.Read(a, run);
        var dashboardOptions = DashboardOption.Read(a, run.Path);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        a.RejectUnused(Name);
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
    /// <paramref name="feed"/>, every generation and the run's status also go to the dashboard.</summary>
    internal static async Task<int> Execute(RunDirectory run, HadesConfig config, int finalEpisodes, bool quiet,
        CancellationToken cancel, Runner runner, DashboardFeed? feed = null)
    {
        var clock = Stopwatch.StartNew();
        var problem = new HadesProblem(config);
        var progress = new ProgressPrinter(System.Console.Out, quiet);
        progress.Header(string.Create(CultureInfo.InvariantCulture,
            $"{config.MethodLabel} ({config.Strategy.Name()}) on {config.Task}: population {config.PopulationSize}, {(config.IsDirectEs ? $"policy {string.Join('x', config.Hidden)}" : config.IsImageTask ? $"{config.ImagesPerClass} image(s) per class" : $"{config.DatasetSize} pairs")}, {config.Generations} generations, seed {config.Seed} → {run.Path}"));
        Action<GenerationReported> onGeneration = progress.OnGeneration;
        if (feed is not null)
            onGeneration = r => { progress.OnGeneration(r); feed.Publish(new GenerationEvent(run.Path, r.Record, r.TotalGenerations)); };
        feed?.RunStarted(run.Path);
        RunOutcome outcome;
        try { outcome = await runner(problem, run, onGeneration, cancel); }
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
