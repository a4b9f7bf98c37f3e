namespace Hades.Core.Envs;

/// <summary>The return at which a task counts as solved (Gymnasium's reward thresholds, CartPole-v1's 475): what
/// generalisation scores and the stop-when-solved rule compare an episode's return with.</summary>
public static class SolvedThresholds
{
    static readonly Dictionary<string, double> Thresholds = new()
    {
        ["cartpole"] = 475,
        ["acrobot"] = -100,
        ["mountaincar"] = -110,
    };

    public static IEnumerable<string> Tasks => Thresholds.Keys;

    /// <summary>The task's threshold, or null when none is defined.</summary>
    public static double? For(string task) => Thresholds.TryGetValue(task, out double t) ? t : null;
}
