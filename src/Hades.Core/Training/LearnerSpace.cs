using System.Globalization;
using Hades.Core.Policies;
using Hades.Core.Random;

namespace Hades.Core.Training;

/// <summary>
/// A distribution over learners (inner loops): each factor lists its choices, and a learner takes one choice of
/// every factor, uniformly and independently. Written as
/// <c>hidden=32|64|64x64;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|200</c>: factors separated by
/// <c>;</c>, choices by <c>|</c>, hidden layers of one choice by <c>x</c>. A factor left out keeps the base inner
/// loop's value. <see cref="Draw"/> is a pure function of a key, so any process draws the same learner;
/// <see cref="Grid"/> lists every combination (the standard grid of generalisation scores).
/// </summary>
public sealed record LearnerSpace(
    IReadOnlyList<int[]> Hidden,
    IReadOnlyList<Activation> Activations,
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<int> Steps)
{
    /// <summary>The factors in their written order; a space's text lists only the factors with choices.</summary>
    public static readonly string[] Factors = ["hidden", "activation", "inner-lr", "inner-steps"];

    /// <summary>The standard learner grid of generalisation scores: 5 shapes × 2 activations × 2 learning rates ×
    /// 2 step counts = 40 learners (widths 32–256, depths 1–2; the deep networks stay at 128 wide and 100 steps so that
    /// scoring every finished run costs about a second of CPU).</summary>
    public const string StandardGridText = "hidden=32|64|256|64x64|128x128;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|100";

    public static LearnerSpace StandardGrid { get; } = Parse(StandardGridText);

    /// <summary>Parses the written form; every problem is a one-line <see cref="HadesUserException"/>.</summary>
    public static LearnerSpace Parse(string text)
    {
        List<int[]> hidden = []; List<Activation> activations = []; List<double> lrs = []; List<int> steps = [];
        var seen = new HashSet<string>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw Bad(text, $"'{part}' is not factor=choice|choice");
            string factor = part[..eq].Trim().ToLowerInvariant();
            var choices = part[(eq + 1)..].Split('|', StringSplitOptions.TrimEntries);
            if (choices.Any(c => c.Length == 0)) throw Bad(text, $"factor '{factor}' has an empty choice");
            if (!seen.Add(factor)) throw Bad(text, $"factor '{factor}' given twice");
            switch (factor)
            {
                case "hidden":
                    foreach (var c in choices)
                    {
                        var widths = c.Split('x');
                        if (widths.Any(w => !int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v <= 0))
                            throw Bad(text, $"hidden choice '{c}' is not widths like 64 or 64x64");
                        hidden.Add(widths.Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray());
                    }
                    break;
                case "activation":
                    foreach (var c in choices) activations.Add(ActivationExtensions.Parse(c));
                    break;
                case "inner-lr":
                    foreach (var c in choices)
                        lrs.Add(double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
                            ? v : throw Bad(text, $"inner-lr choice '{c}' is not a positive number"));
                    break;
                case "inner-steps":
                    foreach (var c in choices)
                        steps.Add(int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
                            ? v : throw Bad(text, $"inner-steps choice '{c}' is not a positive integer"));
                    break;
                default:
                    throw Bad(text, $"unknown factor '{factor}' (known: {string.Join(", ", Factors)})");
            }
        }
        if (seen.Count == 0) throw Bad(text, "no factors");
        return new LearnerSpace(hidden, activations, lrs, steps);
    }

    static HadesUserException Bad(string text, string why) =>
        new($"learners '{text}': {why} (e.g. \"hidden=32|64x64;activation=relu|tanh;inner-lr=0.01|0.03;inner-steps=20|200\")");

    /// <summary>The learner for <paramref name="key"/>: one uniform draw per factor (counters 0–3).</summary>
    public InnerLoopSettings Draw(InnerLoopSettings baseline, ulong key)
    {
        static T Pick<T>(IReadOnlyList<T> choices, ulong key, ulong counter, T fallback) =>
            choices.Count == 0 ? fallback : choices[Math.Min(choices.Count - 1, (int)(CounterRng.Uniform(key, counter) * choices.Count))];
        return baseline with
        {
            Hidden = Pick(Hidden, key, 0, baseline.Hidden.ToArray()),
            Activation = Pick(Activations, key, 1, baseline.Activation),
            LearningRate = Pick(LearningRates, key, 2, baseline.LearningRate),
            Steps = Pick(Steps, key, 3, baseline.Steps),
        };
    }

    /// <summary>Every combination of the choices (factors left out keep the baseline's value), hidden varying slowest.</summary>
    public IReadOnlyList<InnerLoopSettings> Grid(InnerLoopSettings baseline)
    {
        var result = new List<InnerLoopSettings>();
        foreach (var h in Hidden.Count > 0 ? Hidden : [baseline.Hidden.ToArray()])
            foreach (var a in Activations.Count > 0 ? Activations : [baseline.Activation])
                foreach (var lr in LearningRates.Count > 0 ? LearningRates : [baseline.LearningRate])
                    foreach (var s in Steps.Count > 0 ? Steps : [baseline.Steps])
                        result.Add(baseline with { Hidden = h, Activation = a, LearningRate = lr, Steps = s });
        return result;
    }

    /// <summary>The canonical written form (what config.json records).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Hidden.Count > 0) parts.Add("hidden=" + string.Join('|', Hidden.Select(h => string.Join('x', h))));
        if (Activations.Count > 0) parts.Add("activation=" + string.Join('|', Activations.Select(a => a.ToString().ToLowerInvariant())));
        if (LearningRates.Count > 0) parts.Add("inner-lr=" + string.Join('|', LearningRates.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        if (Steps.Count > 0) parts.Add("inner-steps=" + string.Join('|', Steps.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        return string.Join(';', parts);
    }

    /// <summary>A learner in words, e.g. "64x64 tanh lr 0.01 × 200 steps" (table rows, CSV).</summary>
    public static string Describe(InnerLoopSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join('x', s.Hidden)} {s.Activation.ToString().ToLowerInvariant()} lr {s.LearningRate} × {s.Steps} steps");

    /// <summary>Learners with equal network keys (shape, activation, Adam ε, clip) can train in one batched pass
    /// with per-member learning rates and step counts.</summary>
    public static string NetworkKey(InnerLoopSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join('x', s.Hidden)}/{s.Activation}/{s.AdamEpsilon:R}/{s.GradClip:R}");

    /// <summary>Learners with equal group keys are the same learner.</summary>
    public static string GroupKey(InnerLoopSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join('x', s.Hidden)}/{s.Activation}/{s.LearningRate:R}/{s.Steps}/{s.AdamEpsilon:R}/{s.GradClip:R}");
}
