using System.Net;
using System.Text.Json;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Dashboard;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Dashboard;

/// <summary>The seed's dashboard lists the cluster's members with each evaluator's counters and throughput.</summary>
[Collection("cluster")]
public sealed class DashboardClusterTests : IDisposable
{
    readonly TempDir dir = new();

    [Fact]
    public async Task Run_api_of_a_seed_lists_members_and_evaluator_throughput()
    {
        var config = new HadesConfig
        {
            Task = "cartpole", Seed = 4, Generations = 400, PopulationSize = 32, DatasetSize = 2, Hidden = [16],
            InnerSteps = 10, Episodes = 2, Inits = 1, EvalPolicies = 2, BatchSize = 4, MaxBatchesInFlight = 2,
        };
        var run = new RunDirectory(dir.Sub("seeded"));
        run.CreateOrMatch(config);
        int reported = 0;
        var twoGenerations = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var seed = SeedNode.Start(new HadesProblem(config), run,
            _ => { if (Interlocked.Increment(ref reported) == 2) twoGenerations.TrySetResult(); },
            "127.0.0.1", FreePort.Next(), localEvaluator: false, askTimeout: TimeSpan.FromSeconds(10));
        await using var worker = WorkerNode.Start(seed.Address);
        await using var server = await DashboardServer.StartAsync(new DashboardOptions([run.Path], IPAddress.Loopback, 0));
        server.Feed.AttachCluster(run.Path, new ClusterProbe(seed.System));
        await twoGenerations.Task.WaitAsync(TimeSpan.FromSeconds(120));

        using var http = new HttpClient { BaseAddress = server.Url };
        JsonElement first = await Members(http), second = await Members(http);
        Assert.Equal(2, second.GetArrayLength());
        var population = second.EnumerateArray().Single(m => m.GetProperty("roles")[0].GetString() == "population");
        var evaluator = second.EnumerateArray().Single(m => m.GetProperty("roles")[0].GetString() == "evaluator");
        Assert.Equal(seed.Address, population.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, population.GetProperty("candidates_evaluated").ValueKind);
        Assert.Equal("Up", evaluator.GetProperty("status").GetString());
        Assert.True(evaluator.GetProperty("batches_evaluated").GetInt32() > 0);
        Assert.True(evaluator.GetProperty("candidates_evaluated").GetInt32() >= 2 * config.PopulationSize); // two generations' worth
        Assert.True(evaluator.GetProperty("candidates_per_second").GetDouble() >= 0); // a rate once there is a previous reading
        Assert.Equal(JsonValueKind.Null, first.EnumerateArray().Single(m => m.GetProperty("roles")[0].GetString() == "evaluator")
            .GetProperty("candidates_per_second").ValueKind);
    }

    static async Task<JsonElement> Members(HttpClient http)
    {
        var json = JsonDocument.Parse(await http.GetStringAsync("/api/runs/seeded")).RootElement;
        return json.GetProperty("cluster").GetProperty("members").Clone();
    }

    public void Dispose() => dir.Dispose();
}
