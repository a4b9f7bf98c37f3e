using Akka.Actor;
using Akka.Event;

namespace Hades.Actors.Logging;

/// <summary>
/// Akka logger that appends to the file named by <c>hades.log-file</c> (the run dir's hades.log), so
/// warnings and errors with their stack traces are kept for diagnosis but never clutter the console.
/// With no file configured, messages are dropped.
/// </summary>
public sealed class FileLogger : ReceiveActor
{
    public FileLogger()
    {
        string? path = Context.System.Settings.Config.GetString("hades.log-file", null);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (string.IsNullOrEmpty(path)) return;
            try { File.AppendAllText(path, $"{e.Timestamp:O} {e.LogLevel()} {e.LogSource}: {e.Message}{(e.Cause is null ? "" : "\n" + e.Cause)}\n"); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        });
    }
}
