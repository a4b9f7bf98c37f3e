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
            run.WritePolicy(problem.Config.Task, direct.Shape, state.Es.Mean, state.Generation);
            if (state.Best is { } bestPolicy)
                RunDirectory.WritePolicyFile(run.BestPolicyFile, problem.Config.Task, direct.Shape, bestPolicy.Mean, bestPolicy.Generation);
            run.WriteMetrics(state.History);
            run.WriteFitnessPicture(problem.Config.Task, state.History);
            RunReport.Write(run, problem.Config, state.History);
            return;
        }
        var dataset = problem.Layout.ToDataset(problem.Config.Task, state.Es.Mean);
        run.WriteDataset(dataset, state.Generation);
        if (state.Best is { } best)
            run.WriteBestDataset(problem.Layout.ToDataset(problem.Config.Task, best.Mean), best.Generation, best.EvalReturn);
        run.WriteMetrics(state.History);
        if (problem.Images is { } images)
        {
            using var grid = Rendering.ImageGridPicture.Draw(state.Es.Mean, Hades.Core.Vision.FashionMnist.Classes, images.ImagesPerClass, Hades.Core.Vision.FashionMnist.ClassNames);
            run.WritePictures(grid, problem.Config.Task, state.History);
            run.WriteEvolutionFrame(state.Es.Mean, images.ImagesPerClass, state.Generation, everyGenerations: 5);
        }
        else run.WritePictures(dataset, state.History);
        RunReport.Write(run, problem.Config, state.History);
    }
}
