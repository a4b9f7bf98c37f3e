namespace Hades.Core.Campaigns;

/// <summary>The kinds of experiment a campaign may hold (the "kind" key of a listed experiment).</summary>
public static class CampaignStageKind
{
    /// <summary>A HaDES (or direct-ES) run: config.json keys; the default kind.</summary>
    public const string Hades = "hades";
    /// <summary>A PPO expert (ppo.json keys plus env_steps / iterations / eval_every).</summary>
    public const string Ppo = "ppo";
    /// <summary>Data-free distillation (distil.json keys); its teacher is the PPO experiment it needs.</summary>
    public const string Distil = "distil";
    /// <summary>A multi-task agent trained only on the datasets of the HaDES experiments it needs.</summary>
    public const string ZeroShot = "zero-shot";
    /// <summary>A learner sweep over the dataset of the HaDES experiment it needs.</summary>
    public const string Generalise = "generalise";

    public static readonly IReadOnlyList<string> All = [Hades, Ppo, Distil, ZeroShot, Generalise];
}
