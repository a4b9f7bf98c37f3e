using Hades.Core;
using Hades.Host.Commands;

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
    public static async Task<int> RunAsync(string[] args, CancellationToken cancel)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            System.Console.WriteLine(CommandTable.Usage());
            return args.Length == 0 ? 2 : 0;
        }
        var command = CommandTable.All.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            System.Console.Error.WriteLine($"hades: error: unknown command '{args[0]}' (commands: {string.Join(", ", CommandTable.All.Select(c => c.Name))})");
            return 2;
        }
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            System.Console.WriteLine(command.Help);
            return 0;
        }
        try
        {
            return await command.RunAsync(args[1..], cancel);
        }
        catch (HadesUserException e)
        {
            System.Console.Error.WriteLine($"hades: error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            System.Console.Error.WriteLine($"hades: error: {e.Message}");
            return 1;
        }
    }
}
