using Hades.Actors.Messages;

namespace Hades.Host.Console;

/// <summary>Shows a run's progress: one line per generation (<see cref="ProgressPrinter"/>) or a live display on
/// a terminal (<see cref="LiveProgress"/>).</summary>
public interface IRunProgress
{
    /// <summary>What runs, before the first generation.</summary>
    void Header(string what);

    void OnGeneration(GenerationReported report);

    /// <summary>Runs <paramref name="run"/> while the progress is shown (a live display lasts as long as it).</summary>
    Task<T> Show<T>(Func<Task<T>> run);
}

/// <summary>Chooses the view: plain lines when stdout is not a terminal (tests and users grep them), with
/// <c>--quiet</c> nothing but the summary (as before), and a live Spectre.Console display on a terminal.</summary>
public static class RunProgress
{
    public static IRunProgress Create(TextWriter output, bool quiet, string unit = "gen") =>
        !quiet && ReferenceEquals(output, System.Console.Out) && IsTerminal
            ? new LiveProgress(Spectre.Console.AnsiConsole.Console, unit)
            : new ProgressPrinter(output, quiet, unit);

    /// <summary>Stdout is a terminal (not redirected to a file or pipe) and the terminal can redraw.</summary>
    public static bool IsTerminal => !System.Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
}
