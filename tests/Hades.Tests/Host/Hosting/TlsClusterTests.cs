using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;
using Hades.Host.Hosting;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Hosting;

/// <summary>Remoting over TLS is a matter of config (--config FILE): seed and worker talk akka.ssl.tcp.</summary>
[Collection("cluster")]
public sealed class TlsClusterTests : IDisposable
{
    readonly TempDir dir = new();

    Config TlsConfig()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(30));
        string pfx = dir.Sub("node.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "hades"));
        return ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp {
              enable-ssl = on
              ssl { suppress-validation = on, certificate { path = "{{pfx}}", password = "hades" } }
            }
            """);
    }

    [Fact]
    public async Task A_run_completes_over_tls_remoting()
    {
        var tls = TlsConfig();
        var config = new HadesConfig { Generations = 2, PopulationSize = 16, DatasetSize = 2, Hidden = [8], InnerSteps = 5, Episodes = 1, EvalPolicies = 2, BatchSize = 4 };
        var run = new RunDirectory(dir.Sub("run"));
        run.CreateOrMatch(config);
        await using var seed = SeedNode.Start(new HadesProblem(config), run, _ => { }, "127.0.0.1", FreePort.Next(),
            localEvaluator: false, askTimeout: TimeSpan.FromSeconds(10), user: tls);
        Assert.StartsWith("akka.ssl.tcp://", seed.Address);
        await using var worker = WorkerNode.Start(seed.Address, user: tls);
        var outcome = await seed.Outcome.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.IsType<RunOutcome.Finished>(outcome);
        Assert.Equal(3, File.ReadAllLines(run.MetricsFile).Length);
    }

    public void Dispose() => dir.Dispose();
}
