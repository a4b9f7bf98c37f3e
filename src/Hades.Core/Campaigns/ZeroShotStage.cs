using System.Text.Json.Nodes;
using Hades.Core.Policies;
using Hades.Core.Training;

namespace Hades.Core.Campaigns;

/// <summary>The settings of a zero-shot campaign experiment (the options of <c>hades zero-shot</c>, snake case):
/// hidden, activation, inner_steps, inner_lr, episodes, seed.</summary>
public sealed record ZeroShotStage(InnerLoopSettings Learner, int Episodes, ulong Seed)
{
    public static ZeroShotStage Read(JsonObject settings, string where)
    {
        var r = new StageSettingsReader(settings, where);
        var learner = new InnerLoopSettings(r.Ints("hidden", [256, 256]), ActivationOf(r.String("activation", "relu"), where),
            r.Int("inner_steps", 100), r.Double("inner_lr", 0.01));
        var stage = new ZeroShotStage(learner, r.Int("episodes", 100), r.ULong("seed", 0));
        r.RejectOthers();
        return stage;
    }

    internal static Activation ActivationOf(string text, string where)
    {
        try { return ActivationExtensions.Parse(text); }
        catch (HadesUserException e) { throw new HadesUserException($"{where}: {e.Message}"); }
    }
}
