using System.CommandLine;
using System.Globalization;
using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.MultiTask;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training;
using Hades.Host.Cli;

using Hades.Core.Torch;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades zero-shot`: one agent for several tasks, trained only on their distilled datasets.</summary>
public sealed class ZeroShotCommand : ICommand
{
    public string Name => "zero-shot";
    public string Summary => "train one multi-task agent from several tasks' datasets, no env interaction";
    public string Description => """
        Merges datasets distilled separately for different tasks into one training set (observations padded
        with zeros to the largest size, followed by a one-hot task indicator; one shared action head padded to
        the largest action count, of which task t uses its first A_t outputs) and trains fresh agents on it by
        supervised learning, without any environment step. Each agent is then scored on every task, next to
        policies trained on that task's dataset alone and to random actions. Writes zero-shot.csv.
        """;

    static readonly Argument<string[]> Sources = Opt.Positionals("RUN_DIR|DATASET.json", "two or more run dirs or dataset files");
    static readonly Option<int> Episodes = Opt.Int("episodes", "agents (one episode each per task) and per-task policies (default 100)",
        v => v > 0 ? null : "--episodes must be a positive integer");
    static readonly Option<int[]> Hidden = Opt.IntList("hidden", "agent's hidden widths (default 256,256)", valueName: "W,W");
    static readonly Option<string> Activation = Opt.String("activation", "relu|tanh", "activation (default relu)");
    static readonly Option<int> InnerSteps = Opt.Int("inner-steps", "supervised steps (default 100)");
    static readonly Option<double> InnerLr = Opt.Double("inner-lr", "Adam learning rate (default 0.01)");
    static readonly Option<ulong> Seed = Opt.ULong("seed", "evaluation seed (default 0)");
    static readonly Option<string> Out = Opt.String("out", "FILE", "where to write the table (default zero-shot.csv)");

    public void Declare(Command command)
    {
        command.Add(Sources);
        command.AddOptions([Episodes, Hidden, Activation, InnerSteps, InnerLr, Seed, Out]);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        var positionals = a.Positionals();
        if (positionals.Count < 2) throw new HadesUserException("'hades zero-shot' needs at least two run dirs or dataset files");
        int episodes = a.NumberOrNull(Episodes) ?? 100;
        var settings = new InnerLoopSettings(a.ValueOrNull(Hidden) ?? [256, 256], ActivationExtensions.Parse(a.ValueOrNull(Activation) ?? "relu"),
            a.NumberOrNull(InnerSteps) ?? 100, a.NumberOrNull(InnerLr) ?? 0.01);
        if (settings.Hidden.Any(h => h <= 0) || settings.Steps <= 0 || settings.LearningRate <= 0)
            throw new HadesUserException("--hidden, --inner-steps and --inner-lr must be positive");
        ulong seed = a.NumberOrNull(Seed) ?? 0;
        string output = a.ValueOrNull(Out) ?? "zero-shot.csv";

        var sources = positionals.Select(DatasetSource.Open).ToArray();
        var rows = ZeroShotEvaluation.Run(sources, settings, episodes, seed);
        var lines = new List<string> { ZeroShotEvaluation.CsvHeader };
        System.Console.WriteLine($"zero-shot agent: hidden {string.Join(',', settings.Hidden)} {settings.Activation.ToString().ToLowerInvariant()}, {settings.Steps} steps, lr {settings.LearningRate}, {episodes} fresh agents, no environment step while training");
        System.Console.WriteLine("task          per-task policy   zero-shot agent   random   ratio   (S-R)/(T-R)");
        foreach (var r in rows)
        {
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Task,-12} {r.PerTask,16:0.0} {r.ZeroShot,17:0.0} {r.Random,8:0.0} {r.Ratio,7:0.00} {r.NormalisedRatio,13:0.00}"));
            lines.Add(ZeroShotEvaluation.CsvLine(r));
        }
        File.WriteAllLines(output, lines);
        System.Console.WriteLine($"wrote {Path.GetFullPath(output)}");
        return Task.FromResult(0);
    }
}
