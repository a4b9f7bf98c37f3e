namespace Hades.Core.Envs.MinAtar;

/// <summary>The MinAtar-style tasks by command-line name: their observation channel names and constructors.</summary>
public static class MinAtarTasks
{
    static readonly Dictionary<string, (IReadOnlyList<string> Channels, Func<int, MinAtarOptions, MinAtarEnv> Create)> Games = new()
    {
        [Breakout.SpecFor.Name] = (Breakout.ChannelNames, (n, o) => new Breakout(n, o.StickyActions, o.Ramping)),
        [SpaceInvaders.SpecFor.Name] = (SpaceInvaders.ChannelNames, (n, o) => new SpaceInvaders(n, o.StickyActions, o.Ramping)),
        [Asterix.SpecFor.Name] = (Asterix.ChannelNames, (n, o) => new Asterix(n, o.StickyActions, o.Ramping)),
        [Freeway.SpecFor.Name] = (Freeway.ChannelNames, (n, o) => new Freeway(n, o.StickyActions, o.Ramping)),
        [Seaquest.SpecFor.Name] = (Seaquest.ChannelNames, (n, o) => new Seaquest(n, o.StickyActions, o.Ramping)),
    };

    public static IReadOnlyCollection<string> Names => Games.Keys;

    /// <summary>Whether <paramref name="task"/> is a MinAtar-style game.</summary>
    public static bool Contains(string task) => Games.ContainsKey(task);

    /// <summary>The channel names of <paramref name="task"/>, or null when it is not a MinAtar-style task.</summary>
    public static IReadOnlyList<string>? ChannelNames(string task) => Games.GetValueOrDefault(task).Channels;

    /// <summary><paramref name="count"/> instances of the game <paramref name="task"/> with the given options.</summary>
    public static MinAtarEnv Create(string task, int count, MinAtarOptions options) =>
        Games.TryGetValue(task, out var game)
            ? game.Create(count, options.Validate())
            : throw new ArgumentException($"'{task}' is not a MinAtar-style task", nameof(task));
}
