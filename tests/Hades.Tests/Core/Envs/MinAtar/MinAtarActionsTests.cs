using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>MinAtar's full action set (n, l, u, r, d, f) against each game's minimal set (gymnax's <c>minimal_action_set</c>).</summary>
public sealed class MinAtarActionsTests
{
    [Theory]
    [InlineData("breakout", new[] { 0, 1, 0, 2, 0, 0 })]          // n l r
    [InlineData("space-invaders", new[] { 0, 1, 0, 2, 0, 3 })]    // n l r f
    [InlineData("asterix", new[] { 0, 1, 2, 3, 4, 0 })]           // n l u r d
    [InlineData("freeway", new[] { 0, 0, 1, 0, 2, 0 })]           // n u d
    [InlineData("seaquest", new[] { 0, 1, 2, 3, 4, 5 })]          // all six
    public void FullSetActions_MapOntoTheMinimalSet_IgnoredOnesOntoNoOp(string game, int[] expected)
    {
        Assert.Equal(expected, Enumerable.Range(0, 6).Select(a => MinAtarActions.FromFullSet(game, a)));
        var minimal = MinAtarActions.MinimalSet(game)!;
        Assert.Equal(TaskRegistry.Spec(game).ActionCount, minimal.Count);
        for (int k = 0; k < minimal.Count; k++) Assert.Equal(k, MinAtarActions.FromFullSet(game, minimal[k]));
    }

    [Fact]
    public void UnknownTasksAndActions_AreRejected()
    {
        Assert.Null(MinAtarActions.MinimalSet("cartpole"));
        Assert.Throws<ArgumentException>(() => MinAtarActions.FromFullSet("cartpole", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MinAtarActions.FromFullSet("breakout", 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => MinAtarActions.FromFullSet("breakout", -1));
        Assert.Equal(["n", "l", "u", "r", "d", "f"], MinAtarActions.FullSet);
    }
}
