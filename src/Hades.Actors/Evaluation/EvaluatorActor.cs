using Akka.Actor;
using Hades.Actors.Messages;
using Hades.Core;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Es;
using Hades.Core.Training;
using Hades.Core.Policies;

namespace Hades.Actors.Evaluation;

/// <summary>
/// Trains and scores batches of candidates in one batched inner loop (TorchSharp) and replies with fitness
/// values only. It builds each run's <see cref="HadesProblem"/> from the <see cref="RunSpec"/> in the work and
/// caches it, so evaluators on any node can serve any run. The work runs on the evaluator's compute thread, one
/// unit at a time (the problem cache is only touched there). How work arrives (pulled, or asked for) is <see cref="PullingEvaluator"/>'s.
/// </summary>
public sealed class EvaluatorActor : PullingEvaluator
{
    public const string DispatcherId = "hades.evaluator-dispatcher";
    public const string Name = "evaluator";

    readonly Dictionary<string, (string Config, HadesProblem Problem)> problems = new();

    public EvaluatorActor(int capacity) : base(capacity)
    {
        Serve<EvaluateCandidates>(work =>
        {
            var problem = ProblemFor(work.Run);
            var state = new EsState(work.Generation, FloatBytes.To(work.Mean), [], []) { Sigma = FloatBytes.To(work.Sigma) };
            var timings = new PhaseTimings();
            var scores = problem.ScoreCandidates(state, work.Indices, timings);
            return new CandidatesEvaluated(work.Generation, work.Indices, scores.Fitness,
                timings.Training.TotalSeconds, timings.Rollout.TotalSeconds, scores.EnvSteps);
        });
        Serve<EvaluateMean>(work =>
        {
            var problem = ProblemFor(work.Run);
            var state = new EsState(work.Generation, FloatBytes.To(work.Mean), [], []);
            return new MeanEvaluated(work.Generation, problem.EvaluateGenerationMean(state));
        });
        ServeAsked<EvaluateDataset>(work =>
        {
            var problem = ProblemFor(work.Run);
            var settings = problem.Config.InnerLoop() with { Hidden = work.Hidden, Activation = ActivationExtensions.Parse(work.Activation), Steps = work.Steps, LearningRate = work.LearningRate };
            return new DatasetEvaluated(problem.EvaluateDataset(FloatBytes.To(work.Parameters), work.Policies, 1, work.Seed, settings));
        });
    }

    HadesProblem ProblemFor(RunSpec run)
    {
        if (problems.TryGetValue(run.RunId, out var cached) && cached.Config == run.ConfigJson) return cached.Problem;
        var problem = new HadesProblem(HadesConfig.FromJson(run.ConfigJson, $"run {run.RunId}"));
        problems[run.RunId] = (run.ConfigJson, problem);
        return problem;
    }

    public static Props Props(int capacity = DefaultCapacity) =>
        Akka.Actor.Props.Create(() => new EvaluatorActor(capacity)).WithDispatcher(DispatcherId);
}
