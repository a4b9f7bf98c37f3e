using Hades.Actors.Messages;
using Spectre.Console;

namespace Hades.Host.Console;

/// <summary>
/// A run's live progress on a terminal (Spectre.Console): a bar over the generations with the latest
/// generation's fitness mean, best so far, eval return, seconds per generation and ETA, redrawn in place.
/// When the run ends the final state stays on screen. Warnings while it is shown print above it (<see cref="ConsoleWarnings"/>).
/// </summary>
public sealed class LiveProgress(IAnsiConsole console, string unit = "gen") : IRunProgress
{
    readonly ProgressStats stats = new();
    ProgressTask? task;
    string header = "";

    public void Header(string what)
    {
        header = what;
        console.MarkupLine(Markup.Escape(what));
    }

    public async Task<T> Show<T>(Func<Task<T>> run) =>
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                task = context.AddTask(Markup.Escape(header.Length > 0 ? "starting…" : unit), maxValue: 1);
                using var warnings = ConsoleWarnings.Redirect(Warn);
                try { return await run(); }
                finally { task.StopTask(); }
            });

    /// <summary>A warning line above the bar (the live display redraws around it).</summary>
    public void Warn(string line) => console.MarkupLine($"[yellow]{Markup.Escape(line)}[/]");

    public void OnGeneration(GenerationReported report)
    {
        stats.Add(report);
        if (task is null) return;
        task.MaxValue = Math.Max(1, stats.Total);
        task.Value = stats.Done;
        task.Description = Markup.Escape(Describe(report, stats, unit));
    }

    /// <summary>The text beside the bar: the fields of the plain line, without its padding.</summary>
    public static string Describe(GenerationReported report, ProgressStats stats, string unit)
    {
        var r = report.Record;
        string progress = $"{unit} {stats.Done}/{stats.Total}", timing = FormattableString.Invariant($"{r.Seconds:0.00} s/{unit} · ETA {stats.EtaSeconds:0} s");
        return unit switch
        {
            "chunk" => FormattableString.Invariant($"{progress} · agreement {r.MeanFitness:0.0}% · student loss {r.MaxFitness:0.0000} · score {r.EvalReturn:0.0} · {timing}"),
            "gen" => FormattableString.Invariant($"{progress} · fitness mean {r.MeanFitness:0.0} · best {stats.Best:0.0} · eval {r.EvalReturn:0.0} · {timing}"),
            _ => FormattableString.Invariant($"{progress} · train return {r.MeanFitness:0.0} · best {stats.Best:0.0} · eval {r.EvalReturn:0.0} · {timing}"),
        };
    }
}
