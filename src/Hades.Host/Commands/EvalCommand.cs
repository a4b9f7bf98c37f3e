using System.CommandLine;
using Hades.Core;
using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Random;
using Hades.Core.Runs;
using Hades.Host.Cli;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades eval RUN_DIR|DATASET.json`: train fresh policies on a dataset and report their return.</summary>
public sealed class EvalCommand : ICommand
{
    public string Name => "eval";
    public string Summary => "train fresh policies on a dataset and print their mean return";
    public string Description => """
        Trains one freshly initialised policy per episode on the dataset (RUN_DIR/dataset.json, or a dataset
        file) and prints the mean return. Inner-loop settings default to the run's config.json (or the
        quick preset of the dataset's task when given a bare dataset file); the inner-loop options below override them, to test how the
        dataset generalises.
        """;

    static readonly Argument<string[]> Target = Opt.Positionals("RUN_DIR|DATASET.json", "a run dir or a dataset file", max: 1);
    static readonly Option<int> Episodes = Opt.Int("episodes", "episodes, one fresh policy each (default 100)",
        v => v > 0 ? null : $"--episodes must be a positive integer (got {v})");
    static readonly Option<ulong> Seed = Opt.ULong("seed", "evaluation seed (default 0)");

    public void Declare(Command command)
    {
        command.Add(Target);
        command.Add(Episodes);
        command.Add(Seed);
        ConfigOptions.InnerLoop.AddTo(command);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string target = a.ExpectPositionals(Name, 1, "a run dir or a dataset file")[0];
        int episodes = a.NumberOrNull(Episodes) ?? 100;
        var source = DatasetSource.Open(target);
        var (dataset, config) = (source.Dataset, source.Config);
        ulong seed = a.NumberOrNull(Seed) ?? 0;
        config = ConfigOptions.InnerLoop.ApplyAll(a, config);
        ConfigLimits.Check(config);
        Hosting.MemoryCheck.Hades(config with { EvalPolicies = episodes, PopulationSize = 2, BatchSize = 1, Inits = 1 });
        if (dataset.Task != config.Task)
            throw new HadesUserException($"dataset is for task '{dataset.Task}' but the run is '{config.Task}'");
        var problem = new HadesProblem(config);
        var result = DatasetEvaluation.Evaluate(problem, dataset, episodes, CounterRng.Key(seed, 0x4556414C43UL));
        System.Console.WriteLine($"{config.Task}: {DatasetEvaluation.Describe(result)} (hidden {string.Join(',', config.Hidden)} {config.Activation}, {config.InnerSteps} steps, lr {config.InnerLearningRate})");
        return Task.FromResult(0);
    }
}
