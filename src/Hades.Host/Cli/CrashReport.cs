using System.Globalization;
using System.Reflection;

namespace Hades.Host.Cli;

/// <summary>
/// What `hades` does with an exception that no command turned into a user error (a bug): the whole exception, the
/// command line and the version go to a file in the temporary directory, and the user gets one line naming it.
/// </summary>
public static class CrashReport
{
    /// <summary>The exit code of an internal error (BSD's EX_SOFTWARE).</summary>
    public const int ExitCode = 70;

    /// <summary>Writes the report and returns the line to print (it says where the report is, or why it could not be
    /// written).</summary>
    public static string Write(IReadOnlyList<string> args, Exception e, string? directory = null)
    {
        string line = $"hades: internal error: {e.GetType().Name}: {OneLine(e.Message)}";
        string path = Path.Combine(directory ?? Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"hades-crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt"));
        try
        {
            File.WriteAllText(path, $"""
                hades {Assembly.GetEntryAssembly()?.GetName().Version}
                {DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}
                command line: hades {string.Join(' ', args)}

                {e}

                """);
            return $"{line} (a bug in hades; details in {path})";
        }
        catch (Exception written) when (written is IOException or UnauthorizedAccessException)
        {
            return $"{line} (a bug in hades; the details could not be written to {path}: {OneLine(written.Message)})";
        }
    }

    static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
