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
    public string Help => """
        usage: hades eval RUN_DIR|DATASET.json [options]

        Trains one freshly initialised policy per episode on the dataset (RUN_DIR/dataset.json, or a dataset
        file) and prints the mean return. Inner-loop settings default to the run's config.json (or the
        defaults when given a bare dataset file); override them to test how the dataset generalises.

        options:
          --episodes N        episodes, one fresh policy each (default 100)
          --seed N            evaluation seed (default 0)
          --hidden W[,W...]   hidden widths of the fresh policies
          --activation A      tanh | relu
          --inner-steps N     supervised training steps
          --inner-lr X        supervised learning rate
          --action-selection  greedy | sample
          --device D          cpu | cuda
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string>());
        a.ExpectPositionals(Name, 1, 1, "a run dir or a dataset file");
        string target = a.Positionals[0];
        int episodes = a.Int("episodes") ?? 100;
        if (episodes <= 0) throw new HadesUserException($"--episodes must be a positive integer (got {episodes})");
        var source = DatasetSource.Open(target);
        var (dataset, config) = (source.Dataset, source.Config);
        ulong seed = a.ULong("seed") ?? 0;
        config = config with
        {
            Hidden = a.IntList("hidden") ?? config.Hidden,
            Activation = a.String("activation") ?? config.Activation,
            InnerSteps = a.Int("inner-steps") ?? config.InnerSteps,
            InnerLearningRate = a.Double("inner-lr") ?? config.InnerLearningRate,
            ActionSelection = a.String("action-selection") is { } selection ? Hades.Core.Training.ActionSelectionParser.Parse(selection) : config.ActionSelection,
            Device = a.String("device") ?? config.Device,
        };
        a.RejectUnused(Name);
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
