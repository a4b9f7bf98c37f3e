using Hades.Actors.Persistence;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Runs;

namespace Hades.Actors.Baselines;

/// <summary>
/// Journal event of a PPO run: the whole trainer state after an iteration and the per-iteration history so
/// far. The latest event alone restores the run (older ones are deleted after each write).
/// </summary>
public sealed record PpoIterationCompleted(PpoState State, GenerationRecord[] History) : IHadesPersisted;
