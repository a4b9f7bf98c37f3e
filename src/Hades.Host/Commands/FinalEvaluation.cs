using Hades.Core.Datasets;
using Hades.Core.Distillation;
using Hades.Core.Random;
using Hades.Core.Runs;

namespace Hades.Host.Commands;

/// <summary>Scores a finished run's result (dataset or direct-ES policy) and records it in summary.json and report.md.</summary>
public static class FinalEvaluation
{
    public static DatasetEvaluation.Result Run(HadesProblem problem, RunDirectory run, int episodes, double distillSeconds)
    {
        var config = problem.Config;
        var final = problem.Direct is not null ? run.ReadPolicy() : DatasetJson.Read(run.DatasetFile).ToParameters(problem.Layout);
        var result = DatasetEvaluation.Summarise(problem.EvaluateResult(final, episodes, CounterRng.Key(config.Seed, 0x46494E414CUL)));
        new RunSummary
        {
            Task = config.Task, Method = config.MethodLabel, Seed = config.Seed, Generations = config.Generations,
            Budget = config.BudgetText(), FinalEvalEpisodes = result.Episodes, FinalEvalMean = result.Mean,
            FinalEvalStd = result.Std, DistillSeconds = Math.Round(distillSeconds, 3),
        }.Save(run.SummaryFile);
        RunReport.Write(run, config, Dashboard.MetricsReader.Read(run.MetricsFile));
        return result;
    }
}
