namespace Hades.Actors.Persistence;

/// <summary>
/// What binds a run's settings file to its journal: the canonical hash of the settings (<c>ConfigHash</c>), the
/// journal format the binary wrote, and the budget (a HaDES run's generations, which <c>resume --generations</c>
/// may raise; null for other run kinds). Stored as the first record of a run in the journal's store, in the table
/// <c>hades_binding</c> next to Akka's <c>journal</c> table, one row per persistence id.
/// </summary>
public sealed record JournalBinding(string PersistenceId, string ConfigHash, int FormatVersion, long? Budget)
{
    /// <summary>The journal format this binary writes (events and snapshots of <c>HadesSerializer</c> + this table).</summary>
    public const int CurrentFormat = 1;
}

/// <summary>What a journal store holds about one persistence id, read without writing.</summary>
/// <param name="Exists">The store exists (SQLite: the file is there).</param>
/// <param name="Events">The highest sequence number journalled under the persistence id (0: none).</param>
/// <param name="OtherIds">Persistence ids of other runs in the same store.</param>
public sealed record JournalContents(bool Exists, long Events, IReadOnlyList<string> OtherIds, JournalBinding? Binding);
