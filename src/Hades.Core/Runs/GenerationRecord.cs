namespace Hades.Core.Runs;

/// <summary>One row of metrics.csv. <paramref name="EnvSteps"/>: environment steps the generation's candidates took
/// (measured by their rollouts; 0 for image tasks and for generations journalled before steps were counted).</summary>
public sealed record GenerationRecord(int Generation, double MeanFitness, double MaxFitness, double EvalReturn, double Seconds, long EnvSteps = 0);
