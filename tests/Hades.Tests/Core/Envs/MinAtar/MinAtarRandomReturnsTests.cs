using Hades.Core.Envs.MinAtar;
using Hades.Core.Random;
using Xunit.Abstractions;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>
/// Random-policy returns over 1,000 episodes, the figures of docs/minatar.md ("Random-policy returns"), printed as the
/// table rows of that page:
/// <c>dotnet test tests/Hades.Tests -c Release --filter "FullyQualifiedName~MinAtarRandomReturnsTests" --logger "console;verbosity=detailed"</c>.
/// Two protocols: the paper's setting (gymnax's minimal action set drawn uniformly, sticky actions 0, ramping on) and
/// MinAtar's <c>examples/random_play.py</c> (uniform over MinAtar's full set of 6 actions, sticky actions 0.1,
/// ramping on), which gives the one published figure, Breakout 0.5 ± 0.023 (MinAtar README).
/// Episode i draws its action at step t as <c>CounterRng.Uniform(Key(key, i), t)</c> and is reset with the seed
/// extension of <c>key</c>.
/// </summary>
[Trait("Category", "slow")]
public sealed class MinAtarRandomReturnsTests(ITestOutputHelper output)
{
    const int Episodes = 1000;
    const ulong Key = 20240615;

    public static TheoryData<string> Games => new(["breakout", "space-invaders", "asterix", "freeway", "seaquest"]);

    internal readonly record struct Returns(double Mean, double StandardError, double MeanLength, int Truncated, double Max);

    /// <summary>Plays <paramref name="episodes"/> episodes with uniformly random actions until every one has ended.</summary>
    internal static Returns Play(string game, int episodes, ulong key, double sticky, bool fullActionSet)
    {
        var r = MinAtarRunner.Create(game, episodes, sticky, ramping: true);
        var spec = r.Env.Spec;
        int choices = fullActionSet ? MinAtarActions.FullSet.Count : spec.ActionCount;
        var returns = new double[episodes];
        var lengths = new int[episodes];
        r.Reset(key);
        for (int step = 0; step < spec.MaxSteps && Array.IndexOf(r.Done, (byte)0) >= 0; step++)
        {
            for (int i = 0; i < episodes; i++)
            {
                int action = (int)(CounterRng.Uniform(CounterRng.Key(key, (ulong)i), (ulong)step) * choices);
                r.Actions[i] = fullActionSet ? MinAtarActions.FromFullSet(game, action) : action;
                if (r.Done[i] == 0) lengths[i]++;
            }
            r.Step();
            for (int i = 0; i < episodes; i++) returns[i] += r.Rewards[i];
        }
        Assert.All(r.Done, d => Assert.Equal(1, d));   // every episode ended (at the latest by truncation)
        double mean = returns.Average();
        double sd = Math.Sqrt(returns.Sum(v => (v - mean) * (v - mean)) / (episodes - 1));
        return new(mean, sd / Math.Sqrt(episodes), lengths.Average(), lengths.Count(n => n == spec.MaxSteps), returns.Max());
    }

    string Row(string game, string protocol, Returns x) =>
        $"| {game} | {protocol} | {x.Mean:F3} ± {x.StandardError:F3} | {x.MeanLength:F1} | {x.Truncated} | {x.Max} |";

    [Theory]
    [MemberData(nameof(Games))]
    public void RandomReturns_OverAThousandEpisodes_InBothProtocols(string game)
    {
        var paper = Play(game, Episodes, Key, sticky: 0.0, fullActionSet: false);
        var minatar = Play(game, Episodes, Key, sticky: 0.1, fullActionSet: true);
        output.WriteLine(Row(game, "minimal set, sticky 0", paper));
        output.WriteLine(Row(game, "full 6-action set, sticky 0.1", minatar));
        Assert.True(paper.Mean > 0 && minatar.Mean > 0, "a random policy scores in every game");
    }

    [Fact]
    public void Breakout_UnderMinAtarsRandomPlayProtocol_MatchesMinAtarsPublishedReturn()
    {
        const double published = 0.5, publishedStandardError = 0.023194827009486406;   // MinAtar README, random_play.py
        var ours = Play("breakout", Episodes, Key, sticky: 0.1, fullActionSet: true);
        double band = 4 * Math.Sqrt(ours.StandardError * ours.StandardError + publishedStandardError * publishedStandardError);
        output.WriteLine($"breakout, MinAtar's protocol: {ours.Mean:F3} ± {ours.StandardError:F3} against {published} ± {publishedStandardError:F3} (band ± {band:F3})");
        Assert.InRange(ours.Mean, published - band, published + band);
    }
}
