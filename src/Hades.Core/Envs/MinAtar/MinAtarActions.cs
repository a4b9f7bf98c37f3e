namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar's action sets. Every MinAtar game accepts the same full set of six actions (n, l, u, r, d, f: no-op,
/// left, up, right, down, fire; MinAtar's reduction of Atari's 18), and each game has a minimal set of the actions
/// that change it. Hades's games, like gymnax's default (<c>use_minimal_action_set=True</c>, the set HaDES used),
/// take the index into the minimal set; <see cref="FromFullSet"/> maps a full-set action onto it, so that a protocol
/// that draws from the full set (MinAtar's own random-play example) can be replayed.
/// </summary>
public static class MinAtarActions
{
    /// <summary>The full set, in MinAtar's order.</summary>
    public static IReadOnlyList<string> FullSet { get; } = ["n", "l", "u", "r", "d", "f"];

    static readonly Dictionary<string, int[]> Minimal = new()
    {
        [Breakout.SpecFor.Name] = [0, 1, 3],
        [SpaceInvaders.SpecFor.Name] = [0, 1, 3, 5],
        [Asterix.SpecFor.Name] = [0, 1, 2, 3, 4],
        [Freeway.SpecFor.Name] = [0, 2, 4],
        [Seaquest.SpecFor.Name] = [0, 1, 2, 3, 4, 5],
    };

    /// <summary>The full-set indices of <paramref name="task"/>'s minimal set, in the order of the game's action
    /// indices (gymnax's <c>minimal_action_set</c>); null when it is not a MinAtar-style task.</summary>
    public static IReadOnlyList<int>? MinimalSet(string task) => Minimal.GetValueOrDefault(task);

    /// <summary>The game's action index for full-set action <paramref name="fullAction"/> (0–5): its position in the
    /// minimal set, or 0 (no-op) for an action the game ignores.</summary>
    public static int FromFullSet(string task, int fullAction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fullAction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fullAction, FullSet.Count);
        var minimal = Minimal.GetValueOrDefault(task)
            ?? throw new ArgumentException($"'{task}' is not a MinAtar-style task.", nameof(task));
        return Math.Max(0, Array.IndexOf(minimal, fullAction));
    }
}
