namespace Hades.Actors.Persistence;

/// <summary>Journal event: one generation evaluated. With the config this is all a replay needs.</summary>
/// <summary><paramref name="EnvSteps"/>: environment steps of the generation's candidates (0 in events journalled
/// before they were counted).</summary>
public sealed record GenerationCompleted(int Generation, float[] Fitness, float EvalReturn, double Seconds, long EnvSteps = 0) : IHadesPersisted;

/// <summary>Marker for everything Hades writes to the journal or snapshot store (bound to <see cref="HadesSerializer"/>).</summary>
public interface IHadesPersisted;
