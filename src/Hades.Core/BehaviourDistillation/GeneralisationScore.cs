using System.Globalization;
using Hades.Core.Envs;
using Hades.Core.Random;
using Hades.Core.Training;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// How many learners a dataset trains: every learner of a grid (default <see cref="LearnerSpace.StandardGrid"/>)
/// is trained from <c>inits</c> fresh inits on the dataset, each policy plays one episode from its own start, and
/// the score is the fraction of (learner, init) pairs whose return reaches the task's solved threshold
/// (<see cref="SolvedThresholds"/>). Policies of one network (shape, activation) train and roll out in one batched
/// pass, whatever their learning rates and step counts.
/// </summary>
public static class GeneralisationScore
{
    /// <summary>Inits per learner of the score that every finished run records (40 learners × 3 = 120 pairs).</summary>
    public const int DefaultInits = 3;

    const ulong ScoreLabel = 0x47534352UL; // "GSCR"

    public sealed record LearnerResult(InnerLoopSettings Learner, float[] Returns, int Solved)
    {
        public double Mean => Returns.Average();
    }

    public sealed record Result(double Threshold, IReadOnlyList<LearnerResult> Learners)
    {
        public int Pairs => Learners.Sum(l => l.Returns.Length);
        public int Solved => Learners.Sum(l => l.Solved);
        public double Score => Pairs == 0 ? 0 : (double)Solved / Pairs;

        /// <summary>Fraction solved per choice of each factor ("hidden 64x64", "activation tanh", …): the learner
        /// families of the grid.</summary>
        public IReadOnlyList<(string Factor, string Choice, int Solved, int Pairs)> Families()
        {
            var rows = new List<(string, string, int, int)>();
            void Add(string factor, Func<InnerLoopSettings, string> choice)
            {
                foreach (var g in Learners.GroupBy(l => choice(l.Learner)))
                    rows.Add((factor, g.Key, g.Sum(l => l.Solved), g.Sum(l => l.Returns.Length)));
            }
            Add("hidden", l => string.Join('x', l.Hidden));
            Add("activation", l => l.Activation.ToString().ToLowerInvariant());
            Add("inner-lr", l => l.LearningRate.ToString(CultureInfo.InvariantCulture));
            Add("inner-steps", l => l.Steps.ToString(CultureInfo.InvariantCulture));
            return rows;
        }
    }

    /// <summary>The task's solved threshold, or null when it has none (then there is no score).</summary>
    public static double? Threshold(HadesProblem problem) =>
        problem.Images is null && problem.Direct is null ? SolvedThresholds.For(problem.Config.Task) : null;

    /// <summary>Scores <paramref name="parameters"/> (a dataset of the problem's layout) on every learner of
    /// <paramref name="grid"/>; the inits come from <paramref name="seed"/>.</summary>
    public static Result Evaluate(HadesProblem problem, float[] parameters, IReadOnlyList<InnerLoopSettings> grid,
        int inits, ulong seed, double threshold)
    {
        if (inits <= 0) throw new HadesUserException($"inits per learner must be a positive integer (got {inits})");
        var learners = grid.SelectMany(l => Enumerable.Repeat(l, inits)).ToArray();
        var initSeeds = Enumerable.Range(0, grid.Count)
            .SelectMany(i => Enumerable.Range(0, inits).Select(r => CounterRng.Key(seed, ScoreLabel, (ulong)i, (ulong)r))).ToArray();
        var all = problem.EvaluateDatasetLearners(parameters, learners, initSeeds, CounterRng.Key(seed, ScoreLabel));
        var results = new List<LearnerResult>(grid.Count);
        for (int i = 0; i < grid.Count; i++)
        {
            var returns = all[(i * inits)..((i + 1) * inits)];
            results.Add(new LearnerResult(grid[i], returns, returns.Count(r => r >= threshold)));
        }
        return new Result(threshold, results);
    }

    /// <summary>The standard score of a run's result: the standard grid, <see cref="DefaultInits"/> inits each.</summary>
    public static Result? Standard(HadesProblem problem, float[] parameters, ulong seed) =>
        Threshold(problem) is { } threshold
            ? Evaluate(problem, parameters, LearnerSpace.StandardGrid.Grid(problem.Config.InnerLoop()), DefaultInits, seed, threshold)
            : null;

    /// <summary>"0.958 (115/120 pairs of 40 learners × 3 inits reach 475)".</summary>
    public static string Describe(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Score:0.000} ({r.Solved}/{r.Pairs} (learner, init) pairs of {r.Learners.Count} learners reach {r.Threshold:0.##})");
}
