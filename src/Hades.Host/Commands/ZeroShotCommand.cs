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
    public string Help => """
        usage: hades zero-shot RUN_DIR|DATASET.json RUN_DIR|DATASET.json... [options]

        Merges datasets distilled separately for different tasks into one training set (observations padded
        with zeros to the largest size, followed by a one-hot task indicator; one shared action head padded to
        the largest action count, of which task t uses its first A_t outputs) and trains fresh agents on it by
        supervised learning, without any environment step. Each agent is then scored on every task, next to
        policies trained on that task's dataset alone and to random actions. Writes zero-shot.csv.

        options:
          --episodes N        agents (one episode each per task) and per-task policies (default 100)
          --hidden W[,W...]   agent's hidden widths (default 256,256)
          --activation A      relu | tanh (default relu)
          --inner-steps N     supervised steps (default 100)
          --inner-lr X        Adam learning rate (default 0.01)
          --seed N            evaluation seed (default 0)
          --out FILE          where to write the table (default zero-shot.csv)
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArguments.Parse(args, Name, new HashSet<string>());
        if (a.Positionals.Count < 2) throw new HadesUserException("'hades zero-shot' needs at least two run dirs or dataset files");
        int episodes = a.Int("episodes") ?? 100;
        if (episodes <= 0) throw new HadesUserException("--episodes must be a positive integer");
        var settings = new InnerLoopSettings(a.IntList("hidden") ?? [256, 256], ActivationExtensions.Parse(a.String("activation") ?? "relu"),
            a.Int("inner-steps") ?? 100, a.Double("inner-lr") ?? 0.01);
        if (settings.Hidden.Any(h => h <= 0) || settings.Steps <= 0 || settings.LearningRate <= 0)
            throw new HadesUserException("--hidden, --inner-steps and --inner-lr must be positive");
        ulong seed = a.ULong("seed") ?? 0;
        string output = a.String("out") ?? "zero-shot.csv";
        a.RejectUnused(Name);

        var sources = a.Positionals.Select(DatasetSource.Open).ToArray();
        var duplicate = sources.GroupBy(s => s.Dataset.Task).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new HadesUserException($"two datasets are for task '{duplicate.Key}'; give one per task");
        var agents = ZeroShotAgent.TrainAndScore(sources.Select(s => s.Dataset).ToArray(), settings, episodes, seed,
            ActionSelection.Greedy, DeviceSelector.Resolve("cpu"));

        var lines = new List<string> { "task,per_task_return,zero_shot_return,random_return,ratio,normalised_ratio" };
        System.Console.WriteLine($"zero-shot agent: hidden {string.Join(',', settings.Hidden)} {settings.Activation.ToString().ToLowerInvariant()}, {settings.Steps} steps, lr {settings.LearningRate}, {episodes} fresh agents, no environment step while training");
        System.Console.WriteLine("task          per-task policy   zero-shot agent   random   ratio   (S-R)/(T-R)");
        for (int t = 0; t < sources.Length; t++)
        {
            var source = sources[t];
            var problem = new HadesProblem(source.Config);
            double perTask = problem.EvaluateDataset(source.Dataset.ToParameters(problem.Layout), episodes, 1, CounterRng.Key(seed, 0x50455254UL)).Average();
            double zeroShot = agents[t].Average();
            double random = ZeroShotAgent.RandomReturn(source.Dataset.Task, episodes, seed);
            double ratio = zeroShot / perTask, normalised = (zeroShot - random) / (perTask - random);
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{source.Dataset.Task,-12} {perTask,16:0.0} {zeroShot,17:0.0} {random,8:0.0} {ratio,7:0.00} {normalised,13:0.00}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{source.Dataset.Task},{perTask:0.###},{zeroShot:0.###},{random:0.###},{ratio:0.###},{normalised:0.###}"));
        }
        File.WriteAllLines(output, lines);
        System.Console.WriteLine($"wrote {Path.GetFullPath(output)}");
        return Task.FromResult(0);
    }
}
