using Hades.Actors.Persistence;
using Hades.Core.Runs;

namespace Hades.Actors.DataFree;

/// <summary>
/// Journal event of a data-free distillation run: the whole job state after a chunk of student steps
/// (<see cref="Core.DataFree.DistilState.ToBytes"/>, an .npz byte array) and the per-chunk history so far. The latest
/// event alone restores the run (older ones are deleted after each write).
/// </summary>
public sealed record DistilChunkCompleted(byte[] State, GenerationRecord[] History) : IHadesPersisted;
