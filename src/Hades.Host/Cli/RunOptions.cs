using System.CommandLine;

namespace Hades.Host.Cli;

/// <summary>Options of the commands that drive a run to its end (<c>run</c>, <c>resume</c>, <c>seed</c>, <c>ppo</c>,
/// <c>distil</c>, <c>campaign</c>).</summary>
public static class RunOptions
{
    public static readonly Option<string> RunDir = Opt.String("run-dir", "DIR", "where to write the run (default: a new folder under runs/ named after the task, seed and time)");

    public static readonly Option<int> FinalEvalEpisodes = Opt.Int("final-eval-episodes",
        "episodes scoring the final result (default 100, or the run's saved setting; 0 skips): HaDES-R one fresh policy each, HaDES-F the fixed-init policy, direct ES and PPO the policy; fashion-mnist: CNNs (≤ 10)",
        v => v >= 0 ? null : "--final-eval-episodes must be ≥ 0");

    /// <summary>Plain output, and only the summary: no line per generation.</summary>
    public static readonly Option<bool> Quiet = Opt.Flag("quiet", "only the summary (no progress lines or live display)");

    /// <summary><c>--final-eval-episodes</c> when given, else <paramref name="fallback"/>.</summary>
    public static int FinalEvalEpisodesOr(this ParseResult parse, int fallback) => parse.NumberOrNull(FinalEvalEpisodes) ?? fallback;
}
