using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hades.Actors.DataFree;
using Hades.Core;
using Hades.Core.DataFree;
using Hades.Core.Runs;
using Hades.Host.Cli;
using Hades.Host.Console;
using Hades.Host.Hosting;

namespace Hades.Host.Commands;

/// <summary>Builds the job of a distillation config (the seam tests fill with a fake job); progress lines go to the callback.</summary>
public delegate IDistilJob DistilJobFactory(DistilConfig config, Action<string> progress);

/// <summary>`hades distil`: data-free (simulator-free) distillation of a teacher into a student, journalled and resumable.</summary>
public sealed class DistilCommand(DistilRunner? runner = null) : ICommand
{
    static readonly DistilConfig Defaults = new();
    readonly DistilRunner runner = runner ?? new DistilRunner();

    public string Name => "distil";
    public string Summary => "data-free distillation of a teacher into a student (GAS-style and baselines), resumable";
    public string Description => """
        Distils a frozen teacher into a small student without real data and without environment steps: the student
        only sees inputs produced by the method below and the teacher's outputs on them. Every chunk of student steps
        is journalled to <run-dir>/journal.db; run the same command again (or `hades resume <run-dir>`) to continue a
        killed run exactly. At the end the student is scored (test accuracy %, or mean greedy return with the
        environment used for scoring only).

        task families:
          fashion-mnist, fashion-mnist-coarse   image classifiers (LeNet-5 teacher; students lenet5-half = ZSKD's
                                                35,820 parameters, lenet5-half-dafl = 15,738)
          cartpole, acrobot, breakout, …        discrete-action tasks of the registry: policies (PPO teacher, e.g. a
                                                `hades ppo` run dir; students are hidden widths such as 64,64)
        methods:
          gas        GAS-style (reconstruction): generator + adversarial (teacher–student disagreement) loss +
                     generator re-initialisation + exemplar buffer (both families)
          dafl       DAFL: generator trained for confident, balanced, high-activation teacher outputs (both)
          dfad       DFAD: generator trained adversarially to maximise teacher–student discrepancy (both)
          zskt       ZSKT: adversarial generator, 1 generator step then 10 student steps per batch (images; attention term dropped)
          kd-real    knowledge distillation on the real training images (images; the upper bound)
          uniform    uniform random states in the declared observation bounds (policies; baseline)
          rollouts   classic policy distillation on teacher rollouts (policies; the upper bound and the only
                     method that steps the environment)

        Defaults: policy tasks start from the values shown; fashion-mnist and fashion-mnist-coarse start from each
        method's image preset of docs/data-free-images.md (DAFL, DFAD and ZSKT as published, GAS-style as chosen on
        the selection split; 256,000 student inputs each; final score on all 10k test images). Tune with
        --score-split selection (the last 5,000 training images), never on the test split.

        Outputs: distil.json (settings), metrics.csv (per chunk: agreement % in mean_fitness, student loss in
        max_fitness, latest score in eval_return), fitness.png, the job's files (student.npz, samples.png, …),
        summary.json (results tables: `hades report`), score.json (the score with its details), report.md.
        Campaigns of distillation runs: `hades campaign` with "kind": "distil" (see hades campaign --help).
        """;

    public void Declare(Command command)
    {
        DistilOptions.All.AddTo(command);
        command.AddOptions([DistilOptions.ConfigFile, RunOptions.RunDir, RunOptions.Quiet]);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string? file = a.ValueOrNull(DistilOptions.ConfigFile);
        // the family's preset (DistilPresets) unless a config file gives every setting
        var baseline = file is null ? DistilPresets.For(a.ValueOrNull(DistilOptions.Task) ?? Defaults.Task, a.ValueOrNull(DistilOptions.Method) ?? Defaults.Method)
            : File.Exists(file) ? DistilConfig.FromJson(File.ReadAllText(file), file) : throw new HadesUserException($"config file not found: {file}");
        var config = DistilOptions.All.ApplyAll(a, baseline).Validate();
        string runDir = a.ValueOrNull(RunOptions.RunDir)
            ?? Path.Combine("runs", $"distil-{config.Task}-{config.Method}-seed{config.Seed.ToString(CultureInfo.InvariantCulture)}-{DateTime.Now:yyyyMMdd-HHmmss}");
        bool quiet = a.GetValue(RunOptions.Quiet);
        return runner.Execute(config, runDir, quiet, cancel);
    }
}

/// <summary>
/// Runs one distillation config in a run dir (the part `distil`, `resume` and distillation campaigns share): builds the
/// job through the factory, runs <see cref="DistilRunActor"/> to the end, scores the student and writes summary.json,
/// score.json and report.md.
/// </summary>
public sealed class DistilRunner(DistilJobFactory? jobs = null, TextWriter? output = null, TextWriter? error = null)
{
    public DistilJobFactory Jobs { get; } = jobs ?? ((config, progress) => DistilJobs.Create(config, progress));
    public TextWriter Out => output ?? System.Console.Out;
    public TextWriter Err => error ?? System.Console.Error;

    /// <summary>Checks the run dir, builds the job, writes distil.json, runs and scores.</summary>
    /// <param name="failed">Told the reason when the run fails (a campaign stage names it in its error); the run dir is
    /// marked failed with it either way (<see cref="FailureMarking"/>).</param>
    /// <returns>0 when finished and scored, 130 when interrupted, 1 when the run failed.</returns>
    public async Task<int> Execute(DistilConfig config, string runDir, bool quiet, CancellationToken cancel,
        string? interruptedHint = null, Action<string>? failed = null)
    {
        DistilRunFile.Check(config, runDir);
        IDistilJob built;
        try { built = Jobs(config, line => { if (!quiet) Out.WriteLine(line); }); }
        catch (Exception e) when (e is not OperationCanceledException and not HadesUserException)
        {
            // a job that cannot be built fails the run as a failure during it does (refused input stays a refusal)
            FailureMarking.Mark(runDir, e.Message);
            return Failed(e.Message);
        }
        using var job = built;
        DistilRunFile.CreateOrMatch(config, runDir);
        var run = new RunDirectory(runDir);
        string label = DistilRunFile.MethodLabel(config);
        var progress = RunProgress.Create(Out, quiet, unit: "chunk");
        progress.Header(string.Create(CultureInfo.InvariantCulture,
            $"data-free distillation on {config.Task}, {label}: {config.Steps} student steps in {config.Chunks} chunks, batch {config.BatchSize}, seed {config.Seed} → {run.Path}"));
        var (outcome, state) = await FailureMarking.Around(run.Path,
            () => progress.Show(() => EmbeddedDistilRun.RunAsync(job, run, DistilRunSettings.For(config), progress.OnGeneration, cancel)), r => r.Item1);
        switch (outcome)
        {
            case RunOutcome.Interrupted:
                Err.WriteLine($"hades: interrupted; the journal keeps every finished chunk. {interruptedHint ?? $"Continue with: hades resume {run.Path}"}");
                return 130;
            case RunOutcome.Failed failure:
                return Failed(failure.Reason);
        }
        var score = job.Evaluate(state!, config.FinalEvalEpisodes);
        var history = Dashboard.MetricsReader.Read(run.MetricsFile);
        var summary = new RunSummary
        {
            Task = config.Task, Method = label, Seed = config.Seed, Budget = DistilRunFile.Budget(config),
            EnvSteps = (long)score.Details.GetValueOrDefault("distillation_env_steps"), Generations = config.Chunks,
            FinalEvalEpisodes = config.FinalEvalEpisodes, FinalEvalMean = score.Value,
            FinalEvalStd = score.Details.GetValueOrDefault("return_sd", score.Details.GetValueOrDefault("accuracy_sd")),
            TrainingImagesRead = score.Details.TryGetValue("training_images_read", out double read) ? (long)read : null,
            DistillSeconds = Math.Round(history.Sum(h => h.Seconds), 3),
        };
        summary.Save(run.SummaryFile);
        WriteScore(score, Path.Combine(run.Path, ScoreFile));
        Core.Storage.AtomicFile.WriteAllText(run.ReportFile, Report(config, summary, score));
        Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {config.Steps} student steps of {label} on {config.Task} in {summary.DistillSeconds:0.0} s; final {score.Metric}: {score.Value:0.###}"));
        if (!quiet)
            foreach (var (name, value) in score.Details)
                Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {value:0.####}"));
        Out.WriteLine($"outputs: {run.SummaryFile}, {run.MetricsFile}, {run.ReportFile}");
        return 0;

        int Failed(string reason)
        {
            Err.WriteLine($"hades: error: {reason}");
            failed?.Invoke(reason);
            return 1;
        }
    }

    public const string ScoreFile = "score.json";

    static void WriteScore(DistilScore score, string path)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("metric", score.Metric);
            WriteNumber(w, "value", score.Value);
            w.WriteStartObject("details");
            foreach (var (name, value) in score.Details) WriteNumber(w, name, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        Core.Storage.AtomicFile.WriteAllBytes(path, [.. stream.ToArray(), (byte)'\n']);
    }

    static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    /// <summary>The counted use of real data: environment transitions (and <c>Step</c> calls) for policies, training-split
    /// images for image tasks.</summary>
    static string Measured(RunSummary summary, DistilScore score) =>
        summary.TrainingImagesRead is { } read
            ? string.Create(CultureInfo.InvariantCulture, $"{read:N0} real training images read")
            : string.Create(CultureInfo.InvariantCulture,
                $"{summary.EnvSteps:N0} environment steps ({score.Details.GetValueOrDefault("distillation_env_step_calls"):N0} Step calls, {score.Details.GetValueOrDefault("distillation_env_resets"):N0} resets)");

    static string Report(DistilConfig config, RunSummary summary, DistilScore score)
    {
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            # Data-free distillation: {summary.Method} on {config.Task}, seed {config.Seed}

            - budget: {summary.Budget} ({config.Chunks} chunks), distillation wall time {summary.DistillSeconds:0.0} s
            - teacher: {config.Teacher ?? "the task's default teacher"}; student: {(config.Student.Length > 0 ? config.Student : "the family's default")}
            - final {score.Metric}: **{score.Value:0.###}** (on {config.FinalEvalEpisodes} {(DistilJobs.IsImageTask(config.Task) ? "test images, 0 = all" : "greedy episodes")})
            - measured during distillation (the job's own counters; scoring excluded): {Measured(summary, score)}

            """));
        if (score.Details.Count > 0)
        {
            sb.Append("\n| detail | value |\n|---|---|\n");
            foreach (var (name, value) in score.Details) sb.Append(string.Create(CultureInfo.InvariantCulture, $"| {name} | {value:0.####} |\n"));
        }
        sb.Append("\nFiles: distil.json (settings), metrics.csv (per chunk: agreement %, student loss, latest score), fitness.png, score.json, and the job's outputs.\n");
        return sb.ToString();
    }
}
