namespace Hades.Actors.Messages;

/// <summary>
/// A campaign stage for a trainer (PPO teacher, distillation student, zero-shot agent, generalisation sweep): which
/// campaign and experiment it is, the run dir it writes (shared by every node), and <paramref name="SpecJson"/>, what
/// the trainer's job factory needs to rebuild the job on any node. Offered and pulled like evaluation units
/// (<see cref="WorkAvailable"/>, <see cref="RequestWork"/>); the job continues from its own run dir.
/// </summary>
public sealed record StageWork(string Campaign, int Index, string Name, string RunDir, string SpecJson) : IHadesMessage;

/// <summary>A trainer finished the stage on <paramref name="Node"/> (its actor system's address).</summary>
public sealed record StageTrained(string Campaign, int Index, string Node) : IHadesMessage;

/// <summary>A trainer could not run the stage: <paramref name="Retry"/> when it was busy with another stage (the unit
/// goes back to the queue), otherwise the job failed (deterministic: the campaign fails with <paramref name="Reason"/>).</summary>
public sealed record StageFailed(string Campaign, int Index, string Reason, string Node, bool Retry) : IHadesMessage;
