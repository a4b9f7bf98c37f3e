using Hades.Core;
using Hades.Core.Campaigns;
using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// A campaign's folder: <c>campaign.json</c> (the campaign file as started), <c>journal-kind</c>,
/// <c>campaign.db</c> (SQLite journal of the campaign and all its runs), <c>hades.log</c>, and one run dir
/// per experiment.
/// </summary>
public sealed class CampaignDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string PlanFile => System.IO.Path.Combine(Path, "campaign.json");
    public string JournalFile => System.IO.Path.Combine(Path, "campaign.db");
    public string JournalKindFile => System.IO.Path.Combine(Path, "journal-kind");
    public string LogFile => System.IO.Path.Combine(Path, "hades.log");
    public AkkaConfig.JournalStore Store => new(JournalFile, LogFile);

    public string? JournalKind => File.Exists(JournalKindFile) ? File.ReadAllText(JournalKindFile).Trim() : null;

    public bool Exists => File.Exists(PlanFile);

    public RunDirectory Run(string experiment) => new(System.IO.Path.Combine(Path, experiment));

    /// <summary>Creates the folder for <paramref name="plan"/>, or checks that it already belongs to the same file.</summary>
    public IReadOnlyList<RunDirectory> Prepare(string campaignFile, CampaignPlan plan, JournalChoice journal)
    {
        string text = File.ReadAllText(campaignFile);
        if (Exists)
        {
            if (File.ReadAllText(PlanFile) != text)
                throw new HadesUserException($"campaign dir {Path} holds a different campaign file (see its campaign.json); use another --campaign-dir");
            if (JournalKind is { } recorded && recorded != journal.Kind)
                throw new HadesUserException($"campaign dir {Path} is journalled in {recorded}, not {journal.Kind}; use --journal {recorded}");
        }
        else
        {
            // campaign.json is written last (atomically): a creation killed before it leaves only these files
            if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => e != JournalKindFile && !e.EndsWith(".tmp", StringComparison.Ordinal)))
                throw new HadesUserException($"campaign dir {Path} is not empty and holds no campaign; choose a new --campaign-dir");
            Directory.CreateDirectory(Path);
            Core.Storage.AtomicFile.WriteAllText(JournalKindFile, journal.Kind + "\n");
            Core.Storage.AtomicFile.WriteAllText(PlanFile, text);
        }
        var runs = new List<RunDirectory>();
        foreach (var experiment in plan.Experiments)
        {
            var run = Run(experiment.Name);
            run.CreateOrMatch(experiment.Config);
            run.RecordJournalKind(JournalChoice.Campaign);
            runs.Add(run);
        }
        return runs;
    }
}
