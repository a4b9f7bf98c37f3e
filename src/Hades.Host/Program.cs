using Hades.Host.Commands;

using Hades.Host.Cli;

namespace Hades.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl-C and SIGTERM stop the command cleanly (a run keeps every finished generation in its journal).
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, c => Stop(c, cancel));
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => Stop(c, cancel));
        return await RunAsync(args, cancel.Token);
    }

    static void Stop(System.Runtime.InteropServices.PosixSignalContext signal, CancellationTokenSource cancel)
    {
        signal.Cancel = true;
        try { cancel.Cancel(); } catch (ObjectDisposedException) { } // a signal while the process is already ending
    }

    /// <summary>Dispatches to a command. User errors become one line on stderr and exit code 2.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancel) =>
        RunAsync(args, cancel, CommandTable.All, System.Console.Out, System.Console.Error);

    /// <summary>As above over the given commands, with help and error lines going to the given writers
    /// (tests run commands in-process with their own seams this way).</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancel, IReadOnlyList<ICommand> commands, TextWriter output, TextWriter error) =>
        HadesCommandLine.RunAsync(args, cancel, commands, output, error);
}
