using System.CommandLine;
using System.Globalization;
using Hades.Core;
using Hades.Core.Rendering;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Training;
using Hades.Host.Cli;
using Hades.Actors.Messages;
using Hades.Host.Hosting;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>
/// `hades generalise`: how well a distilled dataset trains policies it was not evolved for. Fresh policies
/// of many widths × depths (and, one factor at a time, other activations, learning rates and step counts) are
/// trained on the dataset and scored by trainer (evaluator) actors, each setting in one batched pass; the
/// table goes to generalisation.csv and a heat map to generalisation.png.
/// </summary>
public sealed class GeneraliseCommand : ICommand
{
    public string Name => "generalise";
    public string Summary => "retrain the dataset into other architectures/hyperparameters (CSV + PNG)";
    public string Description => $"""
        For every width × depth (a heat map), and then for each other activation, learning rate and number of
        inner steps (one factor at a time, the rest as in the run), trains --episodes fresh policies on the
        dataset (one episode each) and records their mean return. Writes generalisation.csv and
        generalisation.png next to the dataset.

        On a fashion-mnist run dir it instead trains each image architecture (cnn, cnn-wide, cnn-deep, mlp,
        lenet5) on the distilled images, the class-mean images and random real images (--episodes inits each,
        default 2; --steps N SGD steps, default the run's) and writes the test accuracies to generalisation.csv/.md.

        First it prints the generalisation score: the fraction of (learner, init) pairs of a learner grid (default
        the standard grid, {LearnerSpace.StandardGridText}, {GeneralisationScore.DefaultInits} fresh inits each, one episode each) whose policy reaches the task's solved
        threshold (cartpole 475, acrobot -100, mountaincar -110), with the fraction per learner family (each choice
        of each factor); these go to generalisation-score.csv. This is the score summary.json records for a run.
        """;

    static readonly Argument<string[]> Target = Opt.Positionals("RUN_DIR|DATASET.json", "a run dir or a dataset file", max: 1);
    static readonly Option<string> Grid = Opt.String("grid", "SPEC", "learner grid of the score, as --learners of `hades run` (default the standard grid)");
    static readonly Option<int> GridInits = Opt.Int("grid-inits", $"fresh inits per learner of the score (default {GeneralisationScore.DefaultInits})",
        v => v > 0 ? null : "--grid-inits must be a positive integer");
    static readonly Option<double> Threshold = Opt.Double("threshold", "solved threshold (default the task's; needed for tasks without one, e.g. the MinAtar games: docs/generalisation.md states the levels used there)",
        v => double.IsFinite(v) ? null : $"--threshold must be a finite number (got {v})");
    static readonly Option<bool> ScoreOnly = Opt.Flag("score-only", "print the score only (no table or heat map)");
    static readonly Option<int> Episodes = Opt.Int("episodes", "fresh policies per setting, one episode each (default 20; fashion-mnist: inits, default 2)",
        v => v > 0 ? null : "--episodes must be a positive integer");
    static readonly Option<int[]> Widths = Opt.IntList("widths", "hidden widths (default 32,64,128,256,512,1024,2048)", v => v.All(x => x > 0) ? null : "--widths and --depths must be positive integers", "W,W");
    static readonly Option<int[]> Depths = Opt.IntList("depths", "hidden layers (default 1,2,3)", v => v.All(x => x > 0) ? null : "--widths and --depths must be positive integers", "D,D");
    static readonly Option<string> Activations = Opt.String("activations", "A,A", "activations (default relu,tanh)");
    static readonly Option<string> Lrs = Opt.String("lrs", "X,X", "inner learning rates (default 0.003,0.01,0.03,0.1)");
    static readonly Option<int[]> Steps = Opt.IntList("steps", "inner steps (default 10,20,50,100)", v => v.All(x => x > 0) ? null : "--steps must be positive integers");
    static readonly Option<ulong> Seed = Opt.ULong("seed", "evaluation seed (default 0)");

    public void Declare(Command command)
    {
        command.Add(Target);
        command.AddOptions([Grid, GridInits, Threshold, ScoreOnly, Episodes, Widths, Depths, Activations, Lrs, Steps, Seed]);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string target = a.ExpectPositionals(Name, 1, "a run dir or a dataset file")[0];
        int episodes = a.NumberOrNull(Episodes) ?? 20;
        int[] widths = a.ValueOrNull(Widths) ?? [32, 64, 128, 256, 512, 1024, 2048];
        int[] depths = a.ValueOrNull(Depths) ?? [1, 2, 3];
        string[] activations = (a.ValueOrNull(Activations) ?? "relu,tanh").Split(',', StringSplitOptions.TrimEntries);
        foreach (var act in activations) ActivationExtensions.Parse(act);
        double[] lrs = (a.ValueOrNull(Lrs) ?? "0.003,0.01,0.03,0.1").Split(',').Select(t =>
            double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v) ? v : throw new HadesUserException($"--lrs expects positive numbers (got '{t}')")).ToArray();
        int[] steps = a.ValueOrNull(Steps) ?? [10, 20, 50, 100];
        ulong seed = a.NumberOrNull(Seed) ?? 0;
        var grid = LearnerSpace.Parse(a.ValueOrNull(Grid) ?? LearnerSpace.StandardGridText);
        int gridInits = a.NumberOrNull(GridInits) ?? GeneralisationScore.DefaultInits;
        double? threshold = a.NumberOrNull(Threshold);
        bool scoreOnly = a.GetValue(ScoreOnly);

        var imageRun = new Core.Runs.RunDirectory(target);
        if (imageRun.HasRun && imageRun.ReadConfig() is { IsImageTask: true } imageConfig)
            return Task.FromResult(ImageGeneralisation.Run(imageRun, imageConfig, a.NumberOrNull(Episodes) ?? 2, seed, a.ValueOrNull(Steps)?.FirstOrDefault()));
        var source = DatasetSource.Open(target);
        var scored = new HadesProblem(source.Config);
        if (scoreOnly && (threshold ?? GeneralisationScore.Threshold(scored)) is null)
            throw new HadesUserException($"--score-only: task '{source.Config.Task}' has no solved threshold; give one with --threshold X");
        if ((threshold ?? GeneralisationScore.Threshold(scored)) is { } solved)
            PrintScore(GeneralisationScore.Evaluate(scored, source.Dataset.ToParameters(scored.Layout), grid.Grid(source.Config.InnerLoop()), gridInits,
                CounterRng.Key(seed, 0x4753434F5245UL), solved), grid, gridInits, Path.Combine(source.Folder, "generalisation-score.csv"));
        else
            System.Console.WriteLine($"no generalisation score: task '{source.Config.Task}' has no solved threshold (give --threshold X)");
        if (scoreOnly) return Task.FromResult(0);
        Sweep(source, new Core.Campaigns.GeneraliseStage(episodes, widths, depths, activations, lrs, steps, seed), source.Folder, cancel);
        return Task.FromResult(0);
    }

    /// <summary>The policy sweep over <paramref name="source"/>'s dataset: generalisation.csv and .png in
    /// <paramref name="outputFolder"/> (written last, atomically).</summary>
    internal static void Sweep(DatasetSource source, Core.Campaigns.GeneraliseStage options, string outputFolder, CancellationToken cancel)
    {
        var (episodes, widths, depths, activations, lrs, steps, seed) = (options.Episodes, options.Widths, options.Depths,
            options.Activations, options.LearningRates, options.Steps, options.Seed);
        var baseConfig = source.Config;
        var problem = new HadesProblem(baseConfig);
        var parameters = source.Dataset.ToParameters(problem.Layout);
        var baseline = baseConfig.InnerLoop();
        ulong key = CounterRng.Key(seed, 0x47454E45UL);

        var plan = new List<(string Factor, InnerLoopSettings Settings)>();
        foreach (int depth in depths)
            foreach (int width in widths)
                plan.Add(("shape", baseline with { Hidden = Enumerable.Repeat(width, depth).ToArray() }));
        foreach (var act in activations.Select(ActivationExtensions.Parse).Where(x => x != baseline.Activation))
            plan.Add(("activation", baseline with { Activation = act }));
        foreach (double lr in lrs.Where(l => l != baseline.LearningRate)) plan.Add(("lr", baseline with { LearningRate = lr }));
        foreach (int s in steps.Where(s => s != baseline.Steps)) plan.Add(("steps", baseline with { Steps = s }));

        var rows = new List<(string Factor, InnerLoopSettings Settings, double Mean, double Std)>();
        var run = new RunSpec("generalise", baseConfig.ToJson());
        var returns = TrainerPool.Evaluate(plan.Select(p => new EvaluateDataset(run, FloatBytes.From(parameters), [.. p.Settings.Hidden],
            p.Settings.Activation.ToString().ToLowerInvariant(), p.Settings.Steps, p.Settings.LearningRate, episodes, key)).ToList(), cancel);
        for (int i = 0; i < returns.Count; i++)
        {
            var (factor, settings) = plan[i];
            double mean = returns[i].Average(), std = Math.Sqrt(returns[i].Average(r => (r - mean) * (r - mean)));
            rows.Add((factor, settings, mean, std));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{factor,-10} hidden {string.Join('x', settings.Hidden),-16} {settings.Activation.ToString().ToLowerInvariant(),-5} lr {settings.LearningRate,-6} steps {settings.Steps,-4} return {mean,8:0.0} ± {std:0.0}"));
        }

        string csv = Path.Combine(outputFolder, "generalisation.csv"), png = Path.Combine(outputFolder, "generalisation.png");
        Core.Storage.AtomicFile.WriteAllText(csv, string.Concat(new[] { "factor,hidden,activation,inner_lr,inner_steps,episodes,mean_return,std_return" }.Concat(rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture,
                $"{r.Factor},{string.Join('x', r.Settings.Hidden)},{r.Settings.Activation.ToString().ToLowerInvariant()},{r.Settings.LearningRate},{r.Settings.Steps},{episodes},{r.Mean:0.###},{r.Std:0.###}"))).Select(l => l + "\n")));
        string svg = Path.ChangeExtension(png, ".svg");
        HeatMapPlot.Save(HeatMap(rows.Where(r => r.Factor == "shape").ToList(), widths, depths, baseConfig.Task), png, svg);
        System.Console.WriteLine($"wrote {csv}, {png} and {svg}");
    }

    static void PrintScore(GeneralisationScore.Result score, LearnerSpace grid, int inits, string csv)
    {
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generalisation score: {GeneralisationScore.Describe(score)}; grid {grid}, {inits} inits each"));
        foreach (var family in score.Families())
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {family.Factor,-12} {family.Choice,-8} {(double)family.Solved / family.Pairs,6:0.000}  ({family.Solved}/{family.Pairs})"));
        File.WriteAllLines(csv, new[] { "hidden,activation,inner_lr,inner_steps,inits,solved,mean_return" }.Concat(score.Learners.Select(l =>
            string.Create(CultureInfo.InvariantCulture,
                $"{string.Join('x', l.Learner.Hidden)},{l.Learner.Activation.ToString().ToLowerInvariant()},{l.Learner.LearningRate},{l.Learner.Steps},{l.Returns.Length},{l.Solved},{l.Mean:0.###}"))));
    }

    /// <summary>Mean return per (depth, width) as a heat map with a colour scale; NaN where a cell was not run.</summary>
    static ScottPlot.Plot HeatMap(List<(string Factor, InnerLoopSettings Settings, double Mean, double Std)> cells, int[] widths, int[] depths, string task)
    {
        var values = new double[depths.Length, widths.Length];
        for (int d = 0; d < depths.Length; d++)
            for (int w = 0; w < widths.Length; w++)
            {
                var cell = cells.FirstOrDefault(x => x.Settings.Hidden.Count == depths[d] && x.Settings.Hidden[0] == widths[w]);
                values[d, w] = cell.Settings is null ? double.NaN : cell.Mean;
            }
        return HeatMapPlot.Create(values, depths.Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList(),
            widths.Select(w => w.ToString(CultureInfo.InvariantCulture)).ToList(),
            $"{task}: mean return of fresh policies trained on the dataset", "depth (hidden layers)", "width (units per layer)", "mean return");
    }
}
