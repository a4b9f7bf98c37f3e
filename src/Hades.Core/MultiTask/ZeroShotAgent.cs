using Hades.Core.Datasets;
using Hades.Core.Envs;
using Hades.Core.Policies;
using Hades.Core.Random;
using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.MultiTask;

/// <summary>
/// A multi-task agent trained zero-shot: the per-task synthetic datasets are merged in a
/// <see cref="MultiTaskLayout"/> and fresh networks are trained on the union by plain supervised learning,
/// with no environment interaction; the environments are used afterwards for scoring only.
/// </summary>
public static class ZeroShotAgent
{
    /// <returns>Per task, the mean return of each of the <paramref name="policies"/> agents (one episode each).</returns>
    public static float[][] TrainAndScore(IReadOnlyList<SyntheticDataset> datasets, InnerLoopSettings settings,
        int policies, ulong seed, ActionSelection selection, Device device)
    {
        var specs = datasets.Select(d => TaskRegistry.Spec(d.Task)).ToArray();
        var layout = new MultiTaskLayout(specs);
        int pairs = datasets.Sum(d => d.Size), n = layout.InputSize;
        var inputs = new float[pairs * n];
        var labels = new long[pairs];
        int row = 0;
        for (int t = 0; t < datasets.Count; t++)
            for (int i = 0; i < datasets[t].Size; i++, row++)
            {
                if (datasets[t].States[i].Length != specs[t].ObservationSize)
                    throw new HadesUserException($"{datasets[t].Task} dataset has states of {datasets[t].States[i].Length} features, not {specs[t].ObservationSize}");
                layout.Encode(t, datasets[t].States[i], inputs.AsSpan(row * n, n));
                labels[row] = datasets[t].Labels[i];
            }

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(inputs, [1, pairs, n]).expand(policies, pairs, n).contiguous().to(device);
        var targets = torch.nn.functional.one_hot(torch.tensor(labels), layout.ActionCount).to(ScalarType.Float32).unsqueeze(0).to(device);
        var inits = Enumerable.Range(0, policies).Select(j => CounterRng.Key(seed, 0x5A45524FUL /* "ZERO" */, (ulong)j)).ToArray();
        using var agents = BatchedMlp.Create(new MlpShape(n, settings.Hidden, layout.ActionCount, settings.Activation), inits, m => m, policies, device);
        PolicyTrainer.Train(agents, x, targets, settings);
        return specs.Select((spec, t) => Rollout.Run(agents,
            count => new MultiTaskEnv(TaskRegistry.Factory(spec.Name)(count), layout, t), 1,
            CounterRng.Key(seed, 0x5441534BUL /* "TASK" */, (ulong)t), selection, device, commonStarts: false)).ToArray();
    }

    /// <summary>Mean return of uniformly random actions (the "R" of a normalised score (S − R)/(T − R)).</summary>
    public static double RandomReturn(string task, int episodes, ulong seed) =>
        RandomRollout.Run(task, episodes, CounterRng.Key(seed, 0x52414E44UL /* "RAND" */));
}
