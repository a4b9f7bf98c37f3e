using Hades.Actors.Persistence;
using Hades.Core;
using Hades.Core.Runs;
using Hades.Core.Storage;

namespace Hades.Host.Hosting;

/// <summary>
/// Binds a run's settings file to its journal and refuses to go on when they no longer belong together. <see cref="Verify"/>
/// only reads (the settings file and the journal store); <see cref="Record"/> writes the binding once every other check
/// of the command has passed. Refused, in one line: a settings file that differs from the one the journal was started
/// with, a journal written by a newer format, a budget lowered below the journalled one, and a journal that is missing,
/// empty or of another run while the folder shows progress (metrics rows or summary.json). A journal with events but no
/// binding (a run dir of an older Hades) is accepted and bound to its current settings file.
/// </summary>
public sealed class RunGuard
{
    /// <summary>config.json keys left out of a HaDES run's hash: the budget, journalled apart (resume --generations).</summary>
    public static readonly string[] HadesBudgetKeys = ["generations"];

    readonly JournalChoice journal;
    readonly string sqliteFile, settingsFile, persistenceId;
    readonly string[] ignoredKeys;
    readonly long? budget;
    readonly JournalContents contents;

    RunGuard(JournalChoice journal, string sqliteFile, string settingsFile, string persistenceId, string[] ignoredKeys, long? budget, JournalContents contents)
    {
        this.journal = journal;
        this.sqliteFile = sqliteFile;
        this.settingsFile = settingsFile;
        this.persistenceId = persistenceId;
        this.ignoredKeys = ignoredKeys;
        this.budget = budget;
        this.contents = contents;
    }

    /// <summary>The journalled progress of the run (its highest sequence number).</summary>
    public long Events => contents.Events;

    /// <param name="folder">The run (or campaign) dir, for messages.</param>
    /// <param name="exclusiveStore">The SQLite store belongs to this one run (a run dir's journal.db), so events of
    /// other persistence ids mean the file came from another run.</param>
    /// <param name="showsProgress">The folder holds results (metrics rows, summary.json) that only a journal can back.</param>
    public static RunGuard Verify(string folder, JournalChoice journal, string sqliteFile, string settingsFile, string persistenceId,
        string[] ignoredKeys, long? budget, bool exclusiveStore, bool showsProgress)
    {
        var contents = journal.Kind == JournalChoice.Sqlite
            ? JournalBindingStore.InspectSqlite(sqliteFile, persistenceId)
            : JournalBindingStore.InspectPostgres(journal.ConnectionString!, persistenceId);
        string store = journal.Kind == JournalChoice.Sqlite ? sqliteFile : "the PostgreSQL journal";
        if (contents.Binding is { } b)
        {
            if (b.FormatVersion > JournalBinding.CurrentFormat)
                throw new HadesUserException($"{store} was written by a newer Hades (journal format {b.FormatVersion}, this binary reads up to {JournalBinding.CurrentFormat}); use that version");
            if (ConfigHash.OfFile(settingsFile, ignoredKeys) != b.ConfigHash)
                throw new HadesUserException($"{settingsFile} does not match the settings {store} was started with (edited since?); restore it, or use a new folder");
            if (budget is long now && b.Budget is long bound && now < bound)
                throw new HadesUserException($"{settingsFile} sets a budget of {now}, below the {bound} the journal records; a budget can only be raised (hades resume DIR --generations N)");
        }
        if (exclusiveStore && contents.Events == 0 && contents.OtherIds.Count > 0)
            throw new HadesUserException($"{store} belongs to another run (it journals {contents.OtherIds[0]}, not {persistenceId}); refusing to use it");
        if (showsProgress && contents.Events == 0)
            throw new HadesUserException(!contents.Exists
                ? $"{store} is missing but {folder} records finished work; refusing to start over"
                : $"{store} holds no events of this run but {folder} records finished work; refusing to start over");
        return new RunGuard(journal, sqliteFile, settingsFile, persistenceId, ignoredKeys, budget, contents);
    }

    /// <summary>Writes the binding (new runs, older run dirs, a raised budget); nothing when it is already current.</summary>
    public void Record()
    {
        var binding = new JournalBinding(persistenceId, ConfigHash.OfFile(settingsFile, ignoredKeys), JournalBinding.CurrentFormat,
            budget is long now && contents.Binding?.Budget is long bound ? Math.Max(now, bound) : budget);
        if (binding == contents.Binding) return;
        if (journal.Kind == JournalChoice.Sqlite) JournalBindingStore.RecordSqlite(sqliteFile, binding);
        else JournalBindingStore.RecordPostgres(journal.ConnectionString!, binding);
    }

    /// <summary>A HaDES run dir (run, resume, seed, status).</summary>
    public static RunGuard ForHades(RunDirectory run, JournalChoice journal, int generations) =>
        Verify(run.Path, journal, run.JournalFile, run.ConfigFile, run.PersistenceId, HadesBudgetKeys, generations,
            exclusiveStore: journal.Kind == JournalChoice.Sqlite, ShowsProgress(run)); // a PostgreSQL journal holds many runs

    /// <summary>A single-actor run dir (PPO: ppo.json, data-free distillation: distil.json), always SQLite.</summary>
    public static RunGuard ForActorRun(RunDirectory run, string settingsFile, string persistenceId) =>
        Verify(run.Path, JournalChoice.Embedded, run.JournalFile, settingsFile, persistenceId, [], null,
            exclusiveStore: true, ShowsProgress(run));

    /// <summary>Results that only a journal can back: finished generations in metrics.csv, or summary.json.</summary>
    public static bool ShowsProgress(RunDirectory run) =>
        File.Exists(run.SummaryFile) || File.Exists(run.MetricsFile) && File.ReadLines(run.MetricsFile).Skip(1).Any(l => l.Length > 0);
}
