using System.Text.Json.Nodes;
using Hades.Core;
using Hades.Core.Campaigns;

namespace Hades.Tests.Core.Campaigns;

/// <summary>A campaign experiment with "preset": "paper" starts from the paper preset of its task and method.</summary>
public sealed class CampaignPresetTests
{
    [Fact]
    public void Paper_preset_in_a_campaign_file_selects_the_papers_settings_and_keys_still_override()
    {
        var root = JsonNode.Parse("""
            { "name": "p", "experiments": [
                { "name": "hades", "task": "breakout", "preset": "paper", "population_size": 16 },
                { "name": "direct", "task": "breakout", "preset": "paper", "method": "direct-es" },
                { "name": "quick", "task": "breakout" } ] }
            """)!.AsObject();
        var plan = CampaignPlan.Parse(root, "test.json");
        var (hades, direct, quick) = (plan.Experiments[0].Config, plan.Experiments[1].Config, plan.Experiments[2].Config);
        Assert.Equal(("paper", 0.0, Hades.Core.Policies.PolicyInitKind.Orthogonal, 16), (hades.Preset, hades.StickyActions, hades.PolicyInit, hades.PopulationSize));
        Assert.Equal([512, 512], hades.Hidden);
        Assert.Equal(0.03, direct.Sigma);
        Assert.Equal(("quick", 0.0), (quick.Preset, quick.StickyActions));
        var bad = JsonNode.Parse("""{ "name": "b", "experiments": [ { "task": "breakout", "preset": "huge" } ] }""")!.AsObject();
        Assert.Contains("unknown preset 'huge'", Assert.Throws<HadesUserException>(() => CampaignPlan.Parse(bad, "b.json")).Message);
    }
}
