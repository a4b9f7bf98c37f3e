using System.Globalization;
using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.MultiTask;
using Hades.Core.Random;
using Hades.Core.Torch;
using Hades.Core.Training;

namespace Hades.Host.Evaluation;

/// <summary>
/// One zero-shot multi-task agent scored on every task of its datasets, next to per-task policies trained on each
/// dataset alone and random actions (<c>hades zero-shot</c> and zero-shot campaign experiments).
/// </summary>
public static class ZeroShotEvaluation
{
    /// <summary>One task's scores. <paramref name="Expert"/> is an expert's return (a PPO experiment's final evaluation)
    /// when one is known; the normalised scores are then (score − random) / (expert − random).</summary>
    public sealed record Row(string Task, double PerTask, double ZeroShot, double Random, double? Expert)
    {
        public double Ratio => ZeroShot / PerTask;
        /// <summary>The zero-shot agent relative to the per-task policy: (S − R) / (T − R).</summary>
        public double NormalisedRatio => (ZeroShot - Random) / (PerTask - Random);
        public double? PerTaskNormalised => Normalised(PerTask);
        public double? ZeroShotNormalised => Normalised(ZeroShot);

        /// <summary>Null without an expert, or with one no better than random (the scale is then undefined).</summary>
        double? Normalised(double score) => Expert is { } e && Math.Abs(e - Random) > 1e-9 ? (score - Random) / (e - Random) : null;
    }

    public const string CsvHeader = "task,per_task_return,zero_shot_return,random_return,ratio,normalised_ratio";
    public const string CampaignCsvHeader = CsvHeader + ",expert_return,per_task_normalised,zero_shot_normalised";

    public static IReadOnlyList<Row> Run(IReadOnlyList<DatasetSource> sources, InnerLoopSettings settings, int episodes, ulong seed,
        IReadOnlyDictionary<string, double>? experts = null)
    {
        var duplicate = sources.GroupBy(s => s.Dataset.Task).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new HadesUserException($"two datasets are for task '{duplicate.Key}'; give one per task");
        var agents = ZeroShotAgent.TrainAndScore(sources.Select(s => s.Dataset).ToArray(), settings, episodes, seed,
            ActionSelection.Greedy, DeviceSelector.Resolve("cpu"));
        var rows = new List<Row>();
        for (int t = 0; t < sources.Count; t++)
        {
            var source = sources[t];
            var problem = new HadesProblem(source.Config);
            double perTask = problem.EvaluateDataset(source.Dataset.ToParameters(problem.Layout), episodes, 1, CounterRng.Key(seed, 0x50455254UL)).Average();
            double random = ZeroShotAgent.RandomReturn(source.Dataset.Task, episodes, seed);
            rows.Add(new Row(source.Dataset.Task, perTask, agents[t].Average(), random,
                experts != null && experts.TryGetValue(source.Dataset.Task, out var e) ? e : null));
        }
        return rows;
    }

    public static string CsvLine(Row r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Task},{r.PerTask:0.###},{r.ZeroShot:0.###},{r.Random:0.###},{r.Ratio:0.###},{r.NormalisedRatio:0.###}");

    public static string CampaignCsvLine(Row r) =>
        CsvLine(r) + string.Create(CultureInfo.InvariantCulture, $",{r.Expert:0.###},{r.PerTaskNormalised:0.###},{r.ZeroShotNormalised:0.###}");

    /// <summary>Reads a campaign zero-shot.csv back (<see cref="CampaignCsvHeader"/>).</summary>
    public static IReadOnlyList<Row> ReadCampaignCsv(string file)
    {
        static double? Number(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);
        return File.ReadAllLines(file).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => new Row(f[0], Number(f[1])!.Value, Number(f[2])!.Value, Number(f[3])!.Value, Number(f[6]))).ToList();
    }
}
