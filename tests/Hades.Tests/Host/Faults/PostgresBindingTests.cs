using Hades.Tests.Host.Commands;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>The binding works the same in a PostgreSQL journal shared by many runs (skipped without HADES_TEST_PG).</summary>
public sealed class PostgresBindingTests : IDisposable
{
    readonly TempDir scratch = new();

    [PostgresFact]
    [Trait("Category", "slow")]
    public void An_edited_config_of_a_postgres_run_is_refused_and_a_raised_budget_is_journalled()
    {
        string dir = scratch.Sub("pg");
        string[] journal = ["--journal", "postgres", "--pg-connection", PostgresFactAttribute.Connection!];
        var r = HadesProcess.Run(["run", "--run-dir", dir, "--quiet", .. journal, .. FinishedRunFixture.TinyOptions.Select(o => o == "3" ? "2" : o)]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var resumed = HadesProcess.Run(["resume", dir, "--generations", "3", "--quiet", "--pg-connection", PostgresFactAttribute.Connection!]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var status = HadesProcess.Run("status", dir, "--pg-connection", PostgresFactAttribute.Connection!);
        Assert.Contains("3/3 generations (finished)", status.Stdout);

        string config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"seed\": 4", "\"seed\": 5"));
        FaultAssert.RefusedAndUntouched(dir, "does not match the settings the PostgreSQL journal", "resume", dir, "--pg-connection", PostgresFactAttribute.Connection!);
        FaultAssert.RefusedAndUntouched(dir, "does not match the settings the PostgreSQL journal", "status", dir, "--pg-connection", PostgresFactAttribute.Connection!);
    }

    public void Dispose() => scratch.Dispose();
}
