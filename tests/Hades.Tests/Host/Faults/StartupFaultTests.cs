using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hades.Host.Hosting;
using Hades.Tests.Host.Commands;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>Start-up failures (a busy remoting port, an unreachable or malformed PostgreSQL connection) are one line,
/// and a run dir or campaign dir is not written before they are checked.</summary>
public sealed class StartupFaultTests(FinishedRunFixture finished) : IClassFixture<FinishedRunFixture>, IDisposable
{
    readonly TempDir scratch = new();
    readonly TcpListener busy = Listening();

    static TcpListener Listening()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    string BusyPort => ((IPEndPoint)busy.LocalEndpoint).Port.ToString();

    [Fact]
    public void A_seed_on_a_busy_port_is_refused_and_its_run_dir_untouched()
    {
        string dir = finished.Copy(scratch);
        FaultAssert.RefusedAndUntouched(dir, "the port is in use", "seed", "--run-dir", dir, "--hostname", "127.0.0.1", "--port", BusyPort);
    }

    [Fact]
    public void A_worker_on_a_busy_port_is_refused()
    {
        FaultAssert.OneLineError(HadesProcess.Run("worker", "--seed-node", "127.0.0.1:1", "--hostname", "127.0.0.1", "--port", BusyPort), "the port is in use");
    }

    [Fact]
    public void A_campaign_on_a_busy_port_is_refused_before_its_folder_is_made()
    {
        string file = scratch.Sub("c.json"), folder = scratch.Sub("campaign");
        File.WriteAllText(file, """{ "name": "busy", "base": { "generations": 1, "population_size": 4 }, "experiments": [ { "name": "a" } ] }""");
        FaultAssert.OneLineError(HadesProcess.Run("campaign", file, "--campaign-dir", folder, "--hostname", "127.0.0.1", "--port", BusyPort), "the port is in use");
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void An_experiment_name_that_is_not_a_folder_name_is_refused()
    {
        string file = scratch.Sub("c.json"), folder = scratch.Sub("campaign");
        File.WriteAllText(file, """{ "name": "names", "experiments": [ { "name": "../escape" } ] }""");
        FaultAssert.OneLineError(HadesProcess.Run("campaign", file, "--campaign-dir", folder), "experiment name \"../escape\"");
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void An_unreachable_postgres_is_refused_after_the_bounded_wait()
    {
        string dir = scratch.Sub("pg-run");
        var r = HadesProcess.Run(new Dictionary<string, string> { ["HADES_PG_STARTUP_SECONDS"] = "3" }, TimeSpan.FromSeconds(60),
            "run", "--run-dir", dir, "--journal", "postgres", "--pg-connection", $"Host=127.0.0.1;Port={FreePort.Next()};Database=hades");
        FaultAssert.OneLineError(r, "cannot reach PostgreSQL");
        Assert.Contains("within 3 s", r.Stderr);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=abc")]
    [InlineData("Nonsense=1")]
    public void A_malformed_postgres_connection_string_is_refused_at_once(string connection)
    {
        string dir = scratch.Sub("pg-run");
        FaultAssert.OneLineError(HadesProcess.Run("run", "--run-dir", dir, "--journal", "postgres", "--pg-connection", connection), "malformed PostgreSQL connection string");
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Status_of_a_postgres_run_with_an_unreachable_server_is_one_line()
    {
        string dir = finished.Copy(scratch);
        File.WriteAllText(Path.Combine(dir, "journal-kind"), "postgres\n");
        FaultAssert.RefusedAndUntouched(dir, "cannot reach PostgreSQL", new Dictionary<string, string>
        {
            ["HADES_PG_STARTUP_SECONDS"] = "2", ["HADES_PG_CONNECTION"] = $"Host=127.0.0.1;Port={FreePort.Next()}",
        }, "status", dir);
    }

    public void Dispose()
    {
        busy.Stop();
        scratch.Dispose();
    }
}
