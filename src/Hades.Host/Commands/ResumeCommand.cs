using System.CommandLine;
using Hades.Core.Runs;
using Hades.Host.Cli;

namespace Hades.Host.Commands;

/// <summary>`hades resume DIR`: continue a stopped or killed run from its journal to its configured end.</summary>
public sealed class ResumeCommand(DistilRunner? distil = null) : ICommand
{
    readonly DistilRunner distil = distil ?? new DistilRunner();

    public string Name => "resume";
    public string Summary => "continue a stopped or killed run from its journal";
    public string Description => """
        Replays RUN_DIR/journal.db to the exact ES state of the last finished generation and runs on to the
        configured number of generations. The result is identical to an uninterrupted run of the same config.
        --generations N raises a HaDES run's budget (also of a finished run) to N generations: the result is the
        same as a run configured with N from the start (the new budget is journalled).
        --final-eval-episodes N overrides the run's saved final_eval_episodes for this resume only.
        Refused in one line, with nothing written: a config.json (ppo.json, distil.json) that no longer matches
        the journal, a journal that is empty, missing or another run's while the run dir shows progress, a journal
        of a newer format, a lowered budget, sizes above the limits or the available memory.
        PPO run dirs (ppo.json) and data-free distillation run dirs (distil.json) continue the same way; a
        distillation run takes its final evaluation from distil.json (only --quiet applies).
        """;

    static readonly Argument<string[]> RunDir = Opt.Positionals("RUN_DIR", "the run dir to continue", max: 1);
    static readonly Option<int> Generations = Opt.Int("generations", "raise a HaDES run's budget to N generations (never lower)");

    public void Declare(Command command)
    {
        command.Add(RunDir);
        command.AddOptions([Generations, RunOptions.FinalEvalEpisodes, RunOptions.Quiet, .. JournalOptions.All, .. Dashboard.DashboardOption.All, .. Telemetry.MetricsOption.All]);
    }

    public async Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string dir = a.ExpectPositionals(Name, 1, "a run dir")[0];
        bool quiet = a.GetValue(RunOptions.Quiet);
        if (DistilRunFile.ExistsIn(dir))
        {
            a.RejectUnless(Name, "on a distillation run dir (only --quiet applies)", RunOptions.Quiet);
            return await distil.Execute(DistilRunFile.Read(dir), dir, quiet, cancel);
        }
        int? finalEpisodesGiven = a.NumberOrNull(RunOptions.FinalEvalEpisodes);
        if (Core.Baselines.Ppo.PpoRunFile.ExistsIn(dir))
        {
            a.RejectUnless(Name, "on a PPO run dir", RunOptions.Quiet, RunOptions.FinalEvalEpisodes);
            var ppo = Core.Baselines.Ppo.PpoRunFile.Read(dir);
            return await PpoCommand.Execute(ppo, new RunDirectory(dir), finalEpisodesGiven ?? ppo.FinalEvalEpisodes, quiet, cancel);
        }
        var run = new RunDirectory(dir);
        var journal = JournalOptions.Read(a, run);
        var dashboardOptions = Dashboard.DashboardOption.Read(a, run.Path);
        var metricsOptions = Telemetry.MetricsOption.Read(a);
        int? extendTo = a.NumberOrNull(Generations);
        var config = extendTo is int generations ? run.ExtendedConfig(generations) : run.ReadConfig();
        if (journal.Kind == Hosting.JournalChoice.Sqlite && !File.Exists(run.JournalFile) && File.Exists(run.MetricsFile) && File.ReadLines(run.MetricsFile).Skip(1).Any())
            throw new Core.HadesUserException($"{run.JournalFile} is missing but {run.MetricsFile} records finished generations; refusing to start over");
        run.CheckJournalKind(journal.Kind);
        var guard = Hosting.RunGuard.ForHades(run, journal, config.Generations);
        Hosting.MemoryCheck.Hades(config);
        run.CheckWritable();
        await using var dashboard = await Dashboard.DashboardOption.StartAsync(dashboardOptions); // a busy port fails before anything is written
        using var metrics = Telemetry.MetricsOption.Start(metricsOptions, quiet);
        // every check passed: from here on the run dir is written
        if (extendTo is int raised) run.WriteGenerations(raised);
        run.RecordJournalKind(journal.Kind);
        guard.Record();
        return await RunCommand.Execute(run, config, finalEpisodesGiven ?? config.FinalEvalEpisodes, quiet, cancel, RunCommand.Embedded(journal), dashboard?.Feed);
    }
}
