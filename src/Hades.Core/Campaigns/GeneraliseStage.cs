using System.Text.Json.Nodes;

namespace Hades.Core.Campaigns;

/// <summary>The settings of a generalise campaign experiment (the options of <c>hades generalise</c>, snake case):
/// episodes, widths, depths, activations, lrs, steps, seed.</summary>
public sealed record GeneraliseStage(int Episodes, int[] Widths, int[] Depths, string[] Activations, double[] LearningRates, int[] Steps, ulong Seed)
{
    public static GeneraliseStage Read(JsonObject settings, string where)
    {
        var r = new StageSettingsReader(settings, where);
        var stage = new GeneraliseStage(r.Int("episodes", 20), r.Ints("widths", [32, 64, 128, 256, 512, 1024, 2048]), r.Ints("depths", [1, 2, 3]),
            r.Strings("activations", ["relu", "tanh"]), r.Doubles("lrs", [0.003, 0.01, 0.03, 0.1]), r.Ints("steps", [10, 20, 50, 100]), r.ULong("seed", 0));
        foreach (var a in stage.Activations) ZeroShotStage.ActivationOf(a, where);
        r.RejectOthers();
        return stage;
    }
}
