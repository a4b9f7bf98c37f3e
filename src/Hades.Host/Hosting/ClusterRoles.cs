namespace Hades.Host.Hosting;

public static class ClusterRoles
{
    public const string Population = "population";
    public const string Evaluator = "evaluator";
    /// <summary>Runs a campaign's non-HaDES stages (PPO, distillation, zero-shot, generalisation).</summary>
    public const string Trainer = "trainer";
}
