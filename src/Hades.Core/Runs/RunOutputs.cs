using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>What a run writes into its folder after every generation: the current result (dataset, or the
/// policy for direct ES), metrics.csv + TensorBoard events, the pictures and report.md.</summary>
public static class RunOutputs
{
    public static void Write(HadesProblem problem, RunDirectory run, RunState state)
    {
        if (problem.Direct is { } direct)
        {
            new PolicyFiles(run).Write(problem.Config.Task, direct.Shape, state.Es.Mean, state.Generation);
            if (state.Best is { } bestPolicy)
                PolicyFiles.WriteFile(run.BestPolicyFile, problem.Config.Task, direct.Shape, bestPolicy.Mean, bestPolicy.Generation);
            new RunMetricsWriter(run).Write(state.History);
            new RunPictures(run).WriteFitness(problem.Config.Task, state.History);
            RunReport.Write(run, problem.Config, state.History);
            return;
        }
        var dataset = problem.Layout.ToDataset(problem.Config.Task, state.Es.Mean);
        new DatasetOutputs(run).Write(dataset, state.Generation);
        if (state.Best is { } best)
            new DatasetOutputs(run).WriteBest(problem.Layout.ToDataset(problem.Config.Task, best.Mean), best.Generation, best.EvalReturn);
        new RunMetricsWriter(run).Write(state.History);
        if (problem.Images is { } images)
        {
            using var grid = Rendering.ImageGridPicture.Draw(state.Es.Mean, Hades.Core.Vision.FashionMnist.Classes, images.ImagesPerClass, Hades.Core.Vision.FashionMnist.ClassNames);
            new RunPictures(run).Write(grid, problem.Config.Task, state.History);
            new RunPictures(run).WriteEvolutionFrame(state.Es.Mean, images.ImagesPerClass, state.Generation, everyGenerations: 5);
        }
        else new RunPictures(run).Write(dataset, state.History);
        RunReport.Write(run, problem.Config, state.History);
    }
}
