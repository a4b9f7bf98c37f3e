namespace Hades.Host.Console;

/// <summary>
/// Where the run and campaign listeners' warning lines go (a journal that pauses, evaluators that stay silent):
/// standard error, or, while a live display is shown on the terminal, that display, which prints them above its bars.
/// A line written straight to stderr under a display that redraws itself in place garbles it.
/// </summary>
public static class ConsoleWarnings
{
    static Action<string>? live;

    public static void Write(string line)
    {
        var to = Volatile.Read(ref live);
        if (to is null) System.Console.Error.WriteLine(line);
        else to(line);
    }

    /// <summary>Sends the warning lines to <paramref name="to"/> until the result is disposed.</summary>
    public static IDisposable Redirect(Action<string> to) => new Redirection(Interlocked.Exchange(ref live, to));

    sealed class Redirection(Action<string>? previous) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref live, previous);
    }
}
