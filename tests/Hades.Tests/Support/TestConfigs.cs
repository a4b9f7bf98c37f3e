using Hades.Core.BehaviourDistillation;

namespace Hades.Tests.Support;

/// <summary>Small configs that run in well under a second per generation.</summary>
public static class TestConfigs
{
    public static HadesConfig Tiny(int generations = 4) => new()
    {
        Task = "cartpole",
        Seed = 3,
        Generations = generations,
        PopulationSize = 16,
        DatasetSize = 2,
        Hidden = [8],
        InnerSteps = 5,
        Episodes = 1,
        Inits = 2,
        EvalPolicies = 2,
        BatchSize = 4,
        SnapshotEvery = 2,
    };
}
