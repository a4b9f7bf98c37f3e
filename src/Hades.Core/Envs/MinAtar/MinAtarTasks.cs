namespace Hades.Core.Envs.MinAtar;

/// <summary>The MinAtar-style tasks by command-line name, with their observation channel names.</summary>
public static class MinAtarTasks
{
    static readonly Dictionary<string, IReadOnlyList<string>> Channels = new()
    {
        [Breakout.SpecFor.Name] = Breakout.ChannelNames,
        [SpaceInvaders.SpecFor.Name] = SpaceInvaders.ChannelNames,
        [Asterix.SpecFor.Name] = Asterix.ChannelNames,
        [Freeway.SpecFor.Name] = Freeway.ChannelNames,
        [Seaquest.SpecFor.Name] = Seaquest.ChannelNames,
    };

    public static IReadOnlyCollection<string> Names => Channels.Keys;

    /// <summary>The channel names of <paramref name="task"/>, or null when it is not a MinAtar-style task.</summary>
    public static IReadOnlyList<string>? ChannelNames(string task) => Channels.GetValueOrDefault(task);
}
