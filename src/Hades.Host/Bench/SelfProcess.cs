using System.Diagnostics;

namespace Hades.Host.Bench;

/// <summary>Starts another `hades` process the way this one was started: the apphost directly (`./hades`), or
/// `dotnet hades.dll` when this process is the dotnet host running the assembly (Environment.ProcessPath is then
/// `dotnet`, which started without the assembly path would wait for input instead of running a worker).</summary>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        string path = Environment.ProcessPath!;
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsDotnetHost(path)) info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return info;
    }

    public static bool IsDotnetHost(string processPath) =>
        Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
