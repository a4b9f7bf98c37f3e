using System.Text;
using System.Text.Json;
using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Writes whole Freeway and Seaquest episodes (the game stream's uniform draws, the actions, every frame as
/// a 0/1 string in (row, col, channel) order, rewards, done flags) for docs/minatar.md's frame-by-frame replay in
/// MinAtar's reference code. The folder is <c>HADES_MINATAR_DUMP</c>, or a temporary one (then deleted).</summary>
public sealed class MinAtarReferenceTrajectories
{
    [Theory, Trait("Category", "slow")]
    [InlineData("freeway", "random", 6)]
    [InlineData("freeway", "up", 6)]
    [InlineData("seaquest", "random", 300)]
    [InlineData("seaquest", "hold", 300)]
    [InlineData("seaquest", "surface", 1000)]
    [Trait("Category", "slow")]
    public void Episodes_AreWrittenForTheReplay(string game, string policy, int episodes)
    {
        string? target = Environment.GetEnvironmentVariable("HADES_MINATAR_DUMP");
        using var scratch = target is null ? new Hades.Tests.Support.TempDir() : null;
        string folder = target ?? scratch!.Path;
        Directory.CreateDirectory(folder);

        var env = MinAtarTasks.Create(game, episodes, MinAtarOptions.Default);
        var r = new MinAtarRunner<MinAtarEnv>(env);
        var keys = Enumerable.Range(0, episodes).Select(i => CounterRng.Key(1234, (ulong)i)).ToArray();
        r.Reset(keys);
        var actions = Enumerable.Range(0, episodes).Select(_ => new List<int>()).ToArray();
        var frames = Enumerable.Range(0, episodes).Select(i => new List<string> { Frame(r, i) }).ToArray();
        var rewards = Enumerable.Range(0, episodes).Select(_ => new List<float>()).ToArray();
        var dones = Enumerable.Range(0, episodes).Select(_ => new List<int>()).ToArray();
        for (int step = 0; step < env.Spec.MaxSteps && Array.IndexOf(r.Done, (byte)0) >= 0; step++)
        {
            var active = r.Done.Select(d => d == 0).ToArray();
            for (int i = 0; i < episodes; i++)
                r.Actions[i] = Act(r, policy, i, step, CounterRng.Uniform(CounterRng.Key(99, (ulong)i), (ulong)step));
            r.Step();
            for (int i = 0; i < episodes; i++)
            {
                if (!active[i]) continue;
                actions[i].Add((int)r.Actions[i]);
                frames[i].Add(Frame(r, i));
                rewards[i].Add(r.Rewards[i]);
                dones[i].Add(r.Done[i]);
            }
        }
        var dump = Enumerable.Range(0, episodes).Select(i => new
        {
            draws = Enumerable.Range(0, (int)env.DrawsUsed(i))
                .Select(n => CounterRng.Uniform(CounterRng.Key(keys[i], 1UL), (ulong)n)).ToArray(),
            actions = actions[i], frames = frames[i], rewards = rewards[i], dones = dones[i],
        }).ToList();
        string file = Path.Combine(folder, $"{game}-{policy}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(dump));

        Assert.All(dump, e =>
        {
            Assert.Equal(e.actions.Count + 1, e.frames.Count);
            Assert.Equal(1, e.dones[^1]);
            Assert.All(e.dones[..^1], d => Assert.Equal(0, d));
        });
        Assert.True(new FileInfo(file).Length > 0);
    }

    static string Frame(MinAtarRunner<MinAtarEnv> r, int instance)
    {
        var sb = new StringBuilder();
        foreach (float v in r.ObservationOf(instance)) sb.Append(v == 1f ? '1' : '0');
        return sb.ToString();
    }

    /// <summary>random: uniform; up: Freeway's up; hold: Seaquest's sub kept in row 4 (there no-op/left/right/fire);
    /// surface: Seaquest's sub sweeps rows 1–8 (15 frames each) and surfaces with a diver when the oxygen bar has
    /// fewer than 7 cells.</summary>
    static int Act(MinAtarRunner<MinAtarEnv> r, string policy, int i, int step, double u)
    {
        if (policy == "random") return (int)(u * r.Env.Spec.ActionCount);
        if (policy == "up") return Freeway.Up;
        int row = Assert.Single(r.Cells(i, 0)).Row;
        int target = policy == "hold" ? 4
            : r.Cells(i, 8).Count > 0 && r.Cells(i, 7).Count < 7 ? 0 : 1 + (step / 15 + i) % 8;
        int[] level = [Seaquest.NoOp, Seaquest.Left, Seaquest.Right, Seaquest.Fire];
        return row < target ? Seaquest.Down : row > target ? Seaquest.Up : level[Math.Min(3, (int)(u * 4))];
    }
}
