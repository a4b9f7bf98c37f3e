using System.Net;
using System.Net.Sockets;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>`hades dashboard` and `--dashboard` from the command line: help, and one-line errors for bad input.</summary>
public sealed class DashboardCommandTests : IDisposable
{
    readonly TempDir dir = new();

    static void AssertOneLineError(HadesProcess.Result r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Stderr}");
        Assert.Equal($"hades: error: {expected}", lines[0]);
    }

    [Fact]
    public void Help_describes_the_command_and_the_option()
    {
        var help = HadesProcess.Run("dashboard", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("usage: hades dashboard", help.Stdout);
        foreach (var option in new[] { "--runs DIR", "--port N", "--bind ADDRESS" })
            Assert.Contains($"  {option}  ", help.Stdout);
        Assert.Contains("/api/runs", help.Stdout);
        foreach (var command in new[] { "run", "resume", "seed", "campaign" })
            Assert.Contains("--dashboard [PORT]", HadesProcess.Run(command, "--help").Stdout);
        Assert.Contains("dashboard", HadesProcess.Run("--help").Stdout);
    }

    [Fact]
    public void Bad_input_gets_one_line_and_a_non_zero_exit()
    {
        string missing = Path.Combine(dir.Path, "missing");
        AssertOneLineError(HadesProcess.Run("dashboard", "--runs", missing), $"runs dir not found: {missing}");
        AssertOneLineError(HadesProcess.Run("dashboard", "--runs", dir.Path, "--port", "70000"), "--port expects a port 0..65535 (got '70000')");
        AssertOneLineError(HadesProcess.Run("dashboard", "--runs", dir.Path, "--port", "-1"), "--port expects a port 0..65535 (got '-1')");
        AssertOneLineError(HadesProcess.Run("dashboard", "--runs", dir.Path, "--bind", "nowhere"), "--bind expects an IP address such as 127.0.0.1 or 0.0.0.0 (got 'nowhere')");
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--dashboard=http"), "--dashboard expects a port 0..65535 (got 'http')");
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--dashboard-bind", "0.0.0.0"), "--dashboard-bind needs --dashboard");
        Assert.False(Directory.Exists(dir.Sub("r")));

        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            int port = ((IPEndPoint)busy.LocalEndpoint).Port;
            AssertOneLineError(HadesProcess.Run("dashboard", "--runs", dir.Path, "--port", port.ToString()),
                $"cannot serve the dashboard on 127.0.0.1:{port}: the port is in use");
            AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--dashboard", port.ToString()),
                $"cannot serve the dashboard on 127.0.0.1:{port}: the port is in use");
            Assert.False(Directory.Exists(dir.Sub("r"))); // refused before the run dir was made
        }
        finally { busy.Stop(); }
    }

    [Fact]
    public void Dashboard_takes_a_port_only_when_one_follows()
    {
        static System.CommandLine.ParseResult Parse(params string[] args) => Hades.Host.Cli.HadesCommandLine.Parse(args);
        var port = Hades.Host.Dashboard.DashboardOption.Port;
        var bare = Parse("run", "--dashboard", "--quiet");
        Assert.Empty(bare.Errors);
        Assert.Equal(("8400", true), (bare.GetValue(port), bare.GetValue(Hades.Host.Cli.RunOptions.Quiet)));
        Assert.Equal("9000", Parse("run", "--dashboard", "9000").GetValue(port));
        Assert.Equal("7", Parse("run", "--dashboard=7").GetValue(port));
        var word = Parse("resume", "--dashboard", "x");
        Assert.Empty(word.Errors);
        Assert.Equal("8400", word.GetValue(port));
        Assert.Equal("x", Assert.Single(Hades.Host.Cli.ParseResultValues.Positionals(word)));
        Assert.False(Hades.Host.Cli.ParseResultValues.Given(Parse("run", "--quiet"), port));
    }

    public void Dispose() => dir.Dispose();
}
