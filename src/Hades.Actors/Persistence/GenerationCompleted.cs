namespace Hades.Actors.Persistence;

/// <summary>Journal event: one generation evaluated. With the config this is all a replay needs.</summary>
public sealed record GenerationCompleted(int Generation, float[] Fitness, float EvalReturn, double Seconds) : IHadesPersisted;

/// <summary>Marker for everything Hades writes to the journal or snapshot store (bound to <see cref="HadesSerializer"/>).</summary>
public interface IHadesPersisted;
