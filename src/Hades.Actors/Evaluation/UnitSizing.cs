namespace Hades.Actors.Evaluation;

/// <summary>How many candidates go into one work unit when evaluators pull: about two units per evaluator per
/// generation (population / (2 × evaluators)), so every evaluator stays busy and a slow one holds back little,
/// but never fewer than <see cref="Floor"/> (per-unit overhead) nor more than the run's batch size (memory of
/// one batched pass).</summary>
public static class UnitSizing
{
    public const int Floor = 4;

    public static int CandidatesPerUnit(int population, int evaluators, int maxBatch)
    {
        int wanted = (int)Math.Ceiling(population / (2.0 * Math.Max(1, evaluators)));
        return Math.Clamp(wanted, Math.Min(Floor, maxBatch), Math.Max(1, maxBatch));
    }
}
