namespace Hades.Core.Runs;

/// <summary>One row of metrics.csv.</summary>
public sealed record GenerationRecord(int Generation, double MeanFitness, double MaxFitness, double EvalReturn, double Seconds);
