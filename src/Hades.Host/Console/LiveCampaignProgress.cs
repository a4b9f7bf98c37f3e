using Hades.Actors.Messages;
using Spectre.Console;

namespace Hades.Host.Console;

/// <summary>
/// A campaign's live progress on a terminal (Spectre.Console): one bar over the experiments with how many are
/// done, running and queued, and one bar per running experiment over its generations (fitness mean, eval return).
/// </summary>
public sealed class LiveCampaignProgress(IAnsiConsole console) : ICampaignProgress
{
    readonly Dictionary<string, (string Name, ProgressTask? Bar)> experiments = [];
    readonly List<(string RunId, string Name)> pending = [];
    ProgressContext? context;
    ProgressTask? overall;

    public static string CountsText(CampaignCounts c) => $"campaign {c.Campaign}: {c.Done} done · {c.Running} running · {c.Queued} queued";

    public async Task<T> Show<T>(Func<Task<T>> run) =>
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async c =>
            {
                lock (experiments)
                {
                    context = c;
                    overall = c.AddTask("campaign: starting…", maxValue: 1);
                    foreach (var (runId, name) in pending) experiments[runId] = (name, c.AddTask(Markup.Escape(name), maxValue: 1));
                }
                using var warnings = ConsoleWarnings.Redirect(line => console.MarkupLine($"[yellow]{Markup.Escape(line)}[/]"));
                try { return await run(); }
                finally { lock (experiments) foreach (var task in experiments.Values.Select(e => e.Bar).Append(overall)) task?.StopTask(); }
            });

    public void OnExperimentStarted(ExperimentStarted e)
    {
        lock (experiments)
        {
            if (context is null) { pending.Add((e.RunId, e.Name)); return; }
            experiments[e.RunId] = (e.Name, context.AddTask(Markup.Escape($"{e.Name}: starting"), maxValue: 1));
        }
    }

    public void OnGeneration(GenerationReported r)
    {
        lock (experiments)
        {
            if (!experiments.TryGetValue(r.RunId, out var experiment) || experiment.Bar is not { } bar) return;
            bar.MaxValue = Math.Max(1, r.TotalGenerations);
            bar.Value = r.Record.Generation + 1;
            bar.Description = Markup.Escape(FormattableString.Invariant(
                $"{experiment.Name}: gen {r.Record.Generation + 1}/{r.TotalGenerations} · fitness mean {r.Record.MeanFitness:0.0} · eval {r.Record.EvalReturn:0.0} · {r.Record.Seconds:0.00} s/gen"));
        }
    }

    /// <summary>Stage completions show in the counts (the campaign publishes new counts when a stage ends).</summary>
    public void OnStageDone(StageDone done) { }

    public void OnCounts(CampaignCounts c)
    {
        lock (experiments)
        {
            if (overall is null) return;
            overall.MaxValue = Math.Max(1, c.Done + c.Running + c.Queued);
            overall.Value = c.Done;
            overall.Description = Markup.Escape(CountsText(c));
        }
    }
}
