using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Host.Telemetry;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Telemetry;

/// <summary>The Prometheus endpoint of <c>--metrics-port</c>: what a scrape shows after an embedded run, and one-line
/// errors for bad input.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    readonly TempDir dir = new();

    /// <summary>The value of <paramref name="metric"/> for the run <paramref name="run"/> (and <paramref name="extraLabel"/>, if
    /// given) in a Prometheus text scrape; null when absent.</summary>
    static double? Sample(string scrape, string metric, string run, string? extraLabel = null)
    {
        foreach (var line in scrape.Split('\n'))
        {
            var m = Regex.Match(line, @"^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>\S+)$");
            if (!m.Success || m.Groups["name"].Value != metric) continue;
            string labels = m.Groups["labels"].Value;
            if (!labels.Contains($"run=\"{run}\"") || (extraLabel != null && !labels.Contains(extraLabel))) continue;
            return double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [Fact]
    public async Task A_scrape_after_an_embedded_run_counts_its_generations_candidates_and_journal_writes()
    {
        var config = TestConfigs.Tiny(generations: 3);
        var run = new RunDirectory(dir.Sub("run"));
        run.CreateOrMatch(config);
        var options = new MetricsOptions(IPAddress.Loopback, FreePort.Next());
        using (MetricsEndpoint.Start(options))
        {
            var seconds = new List<double>();
            var outcome = await EmbeddedRun.RunAsync(new HadesProblem(config), run, r => seconds.Add(r.Record.Seconds), CancellationToken.None)
                .WaitAsync(TimeSpan.FromMinutes(2));
            Assert.IsType<RunOutcome.Finished>(outcome);

            using var http = new HttpClient();
            string scrape = await http.GetStringAsync(options.Url);
            string id = run.PersistenceId;
            Assert.Equal(3, Sample(scrape, "hades_generations_total", id));
            Assert.Equal(3, Sample(scrape, "hades_generation_duration_seconds_count", id));
            Assert.Equal(seconds.Sum(), Sample(scrape, "hades_generation_duration_seconds_sum", id)!.Value, 6);
            Assert.Equal(3, Sample(scrape, "hades_generation_duration_seconds_bucket", id, "le=\"+Inf\""));
            Assert.Equal(3, Sample(scrape, "hades_journal_write_duration_seconds_count", id));
            Assert.Equal(3 * config.PopulationSize, Sample(scrape, "hades_evaluator_candidates_total", id));
            Assert.Equal(3, Sample(scrape, "hades_evaluator_unit_duration_seconds_count", id, "kind=\"mean\""));
            var steps = Sample(scrape, "hades_evaluator_env_steps_total", id);
            Assert.True(steps > 0, $"no env steps counted:\n{scrape}");
            Assert.Contains("# TYPE hades_generation_duration_seconds histogram", scrape);
        }
    }

    static void AssertOneLineError(HadesProcess.Result r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Stderr}");
        Assert.Equal($"hades: error: {expected}", lines[0]);
    }

    [Fact]
    public void Bad_metrics_options_get_one_line_and_no_run_dir()
    {
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--metrics-host", "0.0.0.0"), "--metrics-host needs --metrics-port");
        AssertOneLineError(HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--metrics-port", "0"), "--metrics-port expects a port 1..65535 (got '0')");
        AssertOneLineError(HadesProcess.Run("worker", "--seed-node", "127.0.0.1:1", "--metrics-port", "x"), "--metrics-port expects a port 1..65535 (got 'x')");
        AssertOneLineError(HadesProcess.Run("seed", "--run-dir", dir.Sub("r"), "--metrics-port", "9464", "--metrics-host", "nowhere"),
            "--metrics-host expects an IP address such as 127.0.0.1 or 0.0.0.0 (got 'nowhere')");
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            int port = ((IPEndPoint)busy.LocalEndpoint).Port;
            var r = HadesProcess.Run("run", "--run-dir", dir.Sub("r"), "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith($"hades: error: cannot serve metrics on http://127.0.0.1:{port}/", r.Stderr);
            Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally { busy.Stop(); }
        Assert.False(Directory.Exists(dir.Sub("r")));
        foreach (var command in new[] { "run", "resume", "seed", "worker", "campaign" })
            Assert.Contains("--metrics-port N", HadesProcess.Run(command, "--help").Stdout);
    }

    public void Dispose() => dir.Dispose();
}
