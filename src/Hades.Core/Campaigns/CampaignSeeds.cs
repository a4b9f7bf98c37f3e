using System.Text.RegularExpressions;
using Hades.Core.Rendering;
using Hades.Core.Runs;

namespace Hades.Core.Campaigns;

/// <summary>
/// A campaign's experiments grouped by everything but the seed: each group becomes one <see cref="SeedGroup"/>
/// (one curve with a mean ± sd band in <see cref="FitnessPlot.CreateSeedBands"/>), labelled by the first member's
/// name without its <c>seedN</c> part, in the plan's order.
/// </summary>
public static partial class CampaignSeeds
{
    public const string PictureFile = "seeds.png", SvgFile = "seeds.svg";

    public static IReadOnlyList<SeedGroup> Groups(IReadOnlyList<CampaignExperiment> experiments,
        Func<int, IReadOnlyList<GenerationRecord>> history) =>
        Enumerable.Range(0, experiments.Count)
            .GroupBy(i => (experiments[i].Config with { Seed = 0 }).ToJson())
            .Select(g => new SeedGroup(Label(experiments[g.First()]), g.Select(history).ToList()))
            .ToList();

    /// <summary>Writes seeds.png and seeds.svg (eval return per generation, mean ± sd over seeds) into <paramref name="folder"/>.</summary>
    public static void WritePlot(string folder, string campaignName, IReadOnlyList<SeedGroup> groups) =>
        PlotStyle.Save(FitnessPlot.CreateSeedBands(groups, FitnessMetric.EvalReturn, $"{campaignName}: eval return over seeds"),
            FitnessPlot.Width, FitnessPlot.Height, Path.Combine(folder, PictureFile), Path.Combine(folder, SvgFile));

    static string Label(CampaignExperiment experiment)
    {
        string name = SeedPart().Replace(experiment.Name, "").Trim('-', '_', '.');
        return name.Length > 0 ? name : $"{experiment.Config.Task} {experiment.Config.MethodLabel}";
    }

    [GeneratedRegex(@"(?<=^|[-_.])seed\d+(?=$|[-_.])")]
    private static partial Regex SeedPart();
}
