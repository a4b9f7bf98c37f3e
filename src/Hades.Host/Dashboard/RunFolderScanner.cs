using Hades.Core;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Campaigns;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Dashboard;

/// <summary>
/// Finds the runs and campaigns below the dashboard's roots and reads their state from the run folders
/// (config.json — or ppo.json / distil.json for PPO and distillation runs —, metrics.csv, dataset.png, journal.db).
/// A root may be a run folder, a campaign folder, or a folder holding either (one level down; a campaign's runs one
/// level below it). Folders without a settings file or campaign.json are ignored, as are runs whose settings cannot
/// be read.
/// </summary>
/// <remarks>
/// Status of a run driven by another process is read from the files: finished when metrics.csv holds every
/// generation (or summary.json exists); running when the run's files changed within
/// <see cref="ActiveWindow"/>; failed when it or its campaign marked it failed (<see cref="ExperimentFailure"/>, whose
/// line the entry carries as its error); otherwise stopped (not started before its first generation). Runs of this
/// process take their status from the <see cref="DashboardFeed"/> instead.
/// </remarks>
public sealed class RunFolderScanner
{
    readonly IReadOnlyList<string> roots;
    readonly DashboardFeed? feed;
    readonly Func<DateTime> utcNow;
    readonly object gate = new();
    readonly Dictionary<string, (long Length, DateTime Written, IReadOnlyList<GenerationRecord> Records)> metricsCache = new(StringComparer.Ordinal);
    readonly Dictionary<string, (DateTime Written, RunHeader? Header)> configCache = new(StringComparer.Ordinal);

    /// <summary>What the run list shows of a run's settings, whatever kind of run it is.</summary>
    sealed record RunHeader(string Task, string Method, string Mode, ulong Seed, int Total);

    /// <summary>The settings file of each kind of run: HaDES (config.json, generations), PPO (ppo.json, iterations)
    /// and data-free distillation (distil.json, chunks of student steps).</summary>
    static readonly IReadOnlyList<string> SettingsFiles = RunSettings.SettingsFiles;

    public RunFolderScanner(IReadOnlyList<string> roots, DashboardFeed? feed = null, Func<DateTime>? utcNow = null)
    {
        this.roots = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Distinct().ToArray();
        this.feed = feed;
        this.utcNow = utcNow ?? (() => DateTime.UtcNow);
    }

    public IReadOnlyList<string> Roots => roots;

    /// <summary>A run of another process counts as running while its files changed this recently, or within five
    /// of its recent generation times when generations are slower.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(30);

    /// <summary>Fails with one line when a root does not exist.</summary>
    public static void CheckRoots(IEnumerable<string> roots)
    {
        foreach (var root in roots)
            if (!Directory.Exists(root))
                throw new HadesUserException(File.Exists(root) ? $"runs dir {root} is a file, not a directory" : $"runs dir not found: {root}");
    }

    public RunCatalog Scan()
    {
        lock (gate)
        {
            var runs = new List<RunEntry>();
            var campaigns = new List<CampaignEntry>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var folders = new HashSet<string>(StringComparer.Ordinal); // a folder below two roots is listed once
            foreach (var root in roots)
            {
                if (!Directory.Exists(root)) continue;
                string rootName = Path.GetFileName(root);
                if (IsRun(root)) AddRun(root, rootName, null);
                else if (IsCampaign(root)) AddCampaign(root, rootName);
                else
                    foreach (var child in Children(root))
                    {
                        string name = Path.GetFileName(child);
                        if (IsRun(child)) AddRun(child, name, null);
                        else if (IsCampaign(child)) AddCampaign(child, name);
                    }
            }
            return new RunCatalog(runs, campaigns);

            RunEntry? AddRun(string folder, string name, string? campaign)
            {
                if (!folders.Add(folder)) return runs.FirstOrDefault(r => r.Path == folder);
                var entry = ReadRun(folder, name, Unique(name.Replace('/', '~')), campaign);
                if (entry is not null) runs.Add(entry);
                return entry;
            }

            void AddCampaign(string folder, string name)
            {
                if (!folders.Add(folder)) return;
                string id = Unique(name);
                var planned = new List<CampaignExperimentEntry>();
                foreach (var experiment in CampaignLayout.Read(folder, IsRun))
                {
                    string path = Path.Combine(folder, experiment.Name);
                    var run = IsRun(path) ? AddRun(path, $"{name}/{experiment.Name}", id) : null;
                    string status = run is not null ? ExperimentStatus.OfRun(run.Status) : StatusOfOther(path, experiment.Kind);
                    string? error = status == ExperimentStatus.Failed ? run?.Error ?? ExperimentFailure.Read(path) : null;
                    planned.Add(new CampaignExperimentEntry(experiment.Name, experiment.Kind, experiment.Stage, experiment.Needs,
                        experiment.SeedGroup, status, run?.Id, error));
                }
                int finished = planned.Count(e => e.Status == ExperimentStatus.Done);
                string campaignStatus = planned.Any(e => e.Status == ExperimentStatus.Running) ? RunStatus.Running
                    : planned.Count > 0 && finished == planned.Count ? RunStatus.Finished
                    : planned.Any(e => e.Status == ExperimentStatus.Failed) ? RunStatus.Failed
                    : planned.Any(e => e.Status is ExperimentStatus.Done or ExperimentStatus.Stopped) ? RunStatus.Stopped : RunStatus.NotStarted;
                campaigns.Add(new CampaignEntry(id, name, folder, campaignStatus, planned.Count, finished,
                    planned.Select(e => e.RunId).OfType<string>().ToList()) { Planned = planned });
            }

            string Unique(string id)
            {
                string candidate = id;
                for (int n = 2; !ids.Add(candidate); n++) candidate = $"{id}-{n}";
                return candidate;
            }
        }
    }

    /// <summary>The generations recorded in the run's metrics.csv (re-read only when the file changed).</summary>
    public IReadOnlyList<GenerationRecord> Metrics(string runPath)
    {
        lock (gate) return CachedMetrics(new RunDirectory(runPath).MetricsFile);
    }

    static bool IsRun(string folder) => SettingsFiles.Any(f => File.Exists(Path.Combine(folder, f)));

    static bool IsCampaign(string folder) => File.Exists(Path.Combine(folder, "campaign.json"));

    static IEnumerable<string> Children(string folder)
    {
        try { return Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>The status of a campaign experiment whose folder holds no run (zero-shot, generalise, or one not
    /// created yet): done once its result file is there, failed while its campaign marks it so, running while its
    /// folder changes, else stopped or queued.</summary>
    string StatusOfOther(string folder, string kind)
    {
        string? result = kind switch
        {
            CampaignStageKind.ZeroShot => Path.Combine(folder, Hosting.CampaignStageJobs.ZeroShotFile),
            CampaignStageKind.Generalise => Path.Combine(folder, Hosting.CampaignStageJobs.GeneraliseFile),
            _ => null,
        };
        if (result is not null && File.Exists(result)) return ExperimentStatus.Done;
        if (ExperimentFailure.Read(folder) is not null) return ExperimentStatus.Failed;
        if (!Directory.Exists(folder)) return ExperimentStatus.Queued;
        DateTime written;
        try
        {
            written = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc)
                .Append(Directory.GetLastWriteTimeUtc(folder)).Max();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ExperimentStatus.Stopped; }
        return utcNow() - written <= ActiveWindow ? ExperimentStatus.Running : ExperimentStatus.Stopped;
    }

    RunEntry? ReadRun(string folder, string name, string id, string? campaign)
    {
        var run = new RunDirectory(folder);
        var settingsFile = SettingsFiles.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
        var config = settingsFile is null ? null : CachedHeader(settingsFile);
        if (config is null) return null;
        var records = CachedMetrics(run.MetricsFile);
        var last = records.Count > 0 ? records[^1] : null;
        int done = last is null ? 0 : last.Generation + 1;
        DateTime updated = new[] { run.MetricsFile, run.DatasetFile, run.JournalFile, run.JournalFile + "-wal", settingsFile! }
            .Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        string? failure = ExperimentFailure.Read(run.Path);
        string status = feed?.LiveStatus(run.Path) ?? StatusFromFiles(run, records, done, config.Total, failure);
        var picture = new FileInfo(run.DatasetPictureFile);
        string? datasetVersion = picture.Exists ? $"{picture.LastWriteTimeUtc.Ticks:x}-{picture.Length:x}" : null; // coarse clocks: the size too
        return new RunEntry(id, name, run.Path, campaign, config.Task, config.Method, config.Mode, config.Seed, done, config.Total,
            records.Count > 0 ? records.Max(r => r.MaxFitness) : null, last?.MeanFitness, last?.MaxFitness, last?.EvalReturn,
            records.Count > 0 ? records.Max(r => r.EvalReturn) : null, status, updated, datasetVersion)
        {
            Error = status == RunStatus.Failed ? failure : null,
        };
    }

    string StatusFromFiles(RunDirectory run, IReadOnlyList<GenerationRecord> records, int done, int total, string? failure)
    {
        if (done >= total || File.Exists(Path.Combine(run.Path, "summary.json"))) return RunStatus.Finished;
        if (failure is not null) return RunStatus.Failed; // its session or campaign marked it: failed in whichever process ran it
        // before the first generation only the journal shows life (a campaign writes every config.json up front)
        var files = done > 0 ? new[] { run.MetricsFile, run.DatasetFile, run.JournalFile, run.JournalFile + "-wal" }
                             : new[] { run.JournalFile, run.JournalFile + "-wal" };
        var written = files.Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        var recent = records.Skip(Math.Max(0, records.Count - 10)).Select(r => r.Seconds).DefaultIfEmpty(0).Average();
        var window = TimeSpan.FromSeconds(Math.Max(ActiveWindow.TotalSeconds, 5 * recent));
        if (written != DateTime.MinValue && utcNow() - written <= window) return RunStatus.Running;
        return done == 0 ? RunStatus.NotStarted : RunStatus.Stopped;
    }

    RunHeader? CachedHeader(string file)
    {
        if (!File.Exists(file)) return null;
        var written = File.GetLastWriteTimeUtc(file);
        if (configCache.TryGetValue(file, out var cached) && cached.Written == written) return cached.Header;
        RunHeader? header;
        try { header = ReadHeader(file); }
        catch (Exception e) when (e is HadesUserException or IOException or UnauthorizedAccessException) { header = null; }
        configCache[file] = (written, header);
        return header;
    }

    static RunHeader ReadHeader(string file)
    {
        string folder = Path.GetDirectoryName(file)!;
        switch (Path.GetFileName(file))
        {
            case PpoRunFile.FileName:
                var ppo = PpoRunFile.Read(folder);
                return new RunHeader(ppo.Ppo.Task, "PPO", "", ppo.Ppo.Seed, ppo.Iterations);
            case DistilRunFile.FileName:
                var distil = DistilRunFile.Read(folder);
                return new RunHeader(distil.Task, DistilRunFile.MethodLabel(distil), "", distil.Seed, distil.Chunks);
            default:
                var config = HadesConfig.FromJson(File.ReadAllText(file), file);
                return new RunHeader(config.Task, config.MethodLabel, config.Mode.ToString(), config.Seed, config.Generations);
        }
    }

    IReadOnlyList<GenerationRecord> CachedMetrics(string file)
    {
        if (!File.Exists(file)) return [];
        var info = new FileInfo(file);
        if (metricsCache.TryGetValue(file, out var cached) && cached.Length == info.Length && cached.Written == info.LastWriteTimeUtc)
            return cached.Records;
        var records = MetricsReader.Read(file);
        metricsCache[file] = (info.Length, info.LastWriteTimeUtc, records);
        return records;
    }
}
