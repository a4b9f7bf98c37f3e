using Hades.Core.BehaviourDistillation;

namespace Hades.Core.Runs;

/// <summary>What a run writes into its folder: the current result (dataset, or the policy for direct ES) and the
/// best one, metrics.csv + TensorBoard scalars, the pictures and report.md. <see cref="Write"/> rewrites all of it
/// from the state; a live run writes the cheap parts every generation and the rest at most every few seconds
/// (<see cref="LiveRunOutputs"/>).</summary>
public static class RunOutputs
{
    public static void Write(HadesProblem problem, RunDirectory run, RunState state)
    {
        WriteResult(problem, run, state, withBest: true);
        new RunMetricsWriter(run).Write(state.History);
        WritePictures(problem, run, state);
        RunReport.Write(run, problem.Config, state.History);
    }

    /// <summary>The current result (dataset.json/.npz, or policy.npz), and the best result when <paramref name="withBest"/>.</summary>
    public static void WriteResult(HadesProblem problem, RunDirectory run, RunState state, bool withBest)
    {
        if (problem.Direct is { } direct)
        {
            new PolicyFiles(run).Write(problem.Config.Task, direct.Shape, state.Es.Mean, state.Generation);
            if (withBest && state.Best is { } bestPolicy)
                PolicyFiles.WriteFile(run.BestPolicyFile, problem.Config.Task, direct.Shape, bestPolicy.Mean, bestPolicy.Generation);
            return;
        }
        var dataset = problem.Layout.ToDataset(problem.Config.Task, state.Es.Mean);
        new DatasetOutputs(run).Write(dataset, state.Generation);
        if (withBest && state.Best is { } best)
            new DatasetOutputs(run).WriteBest(problem.Layout.ToDataset(problem.Config.Task, best.Mean), best.Generation, best.EvalReturn);
        if (problem.Images is { } images) // keeps a frame every 5 generations, so it is not left to the throttled pictures
            new RunPictures(run).WriteEvolutionFrame(state.Es.Mean, images.ImagesPerClass, state.Generation, everyGenerations: 5);
    }

    /// <summary>dataset.png (with its TensorBoard image) and fitness.png/.svg; direct ES: the fitness plot only.</summary>
    public static void WritePictures(HadesProblem problem, RunDirectory run, RunState state)
    {
        if (problem.Direct is not null)
        {
            new RunPictures(run).WriteFitness(problem.Config.Task, state.History);
            return;
        }
        if (problem.Images is { } images)
        {
            using var grid = Rendering.ImageGridPicture.Draw(state.Es.Mean, Vision.FashionMnist.Classes, images.ImagesPerClass, Vision.FashionMnist.ClassNames);
            new RunPictures(run).Write(grid, problem.Config.Task, state.History);
        }
        else new RunPictures(run).Write(problem.Layout.ToDataset(problem.Config.Task, state.Es.Mean), state.History);
    }
}
