namespace Hades.Core.Envs;

/// <summary>What a policy needs to know about an environment: observation size and bounds, and the action space.</summary>
/// <param name="Name">Task name as used on the command line (e.g. "cartpole").</param>
/// <param name="ObservationSize">Length of the flat observation vector.</param>
/// <param name="ObservationLow">Per-feature lower bound (may be -inf).</param>
/// <param name="ObservationHigh">Per-feature upper bound (may be +inf).</param>
/// <param name="ActionCount">Number of discrete actions; 0 for a continuous action space.</param>
/// <param name="ActionSize">Length of a continuous action vector; 1 for discrete spaces (the action index).</param>
/// <param name="MaxSteps">Truncation limit of one episode.</param>
public sealed record EnvSpec(
    string Name,
    int ObservationSize,
    float[] ObservationLow,
    float[] ObservationHigh,
    int ActionCount,
    int ActionSize,
    int MaxSteps)
{
    public bool IsDiscrete => ActionCount > 0;

    /// <summary>Per-component lower bound of a continuous action (ActionSize entries); empty for discrete spaces.
    /// Environments clip to these bounds themselves; agents that sample unbounded actions clip before stepping.</summary>
    public float[] ActionLow { get; init; } = [];

    /// <summary>Per-component upper bound of a continuous action; empty for discrete spaces.</summary>
    public float[] ActionHigh { get; init; } = [];
}
