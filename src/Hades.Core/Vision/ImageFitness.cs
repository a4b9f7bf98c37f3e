using Hades.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Vision;

/// <summary>
/// HaDES fitness for synthetic image sets (§2.3–2.4 of the method notes): every candidate is trained from k fresh
/// inits of the paper CNN (<see cref="BatchedCnn"/>) and scored on real images; a candidate's fitness is the mean
/// over its k inits. Members are ordered candidate-major: member = candidate·k + init, so all candidates share the
/// same k init seeds (common random numbers, as in the paper). Work is cut into batches of at most
/// <see cref="ImageInnerLoop.MaxMembersPerBatch"/> networks.
/// </summary>
public static class ImageFitness
{
    /// <summary>One fitness per candidate (higher is better), averaged over its <paramref name="initSeeds"/>.</summary>
    /// <param name="candidateImages">Each <c>classes × ipc × side²</c> floats, class-major (see <see cref="SyntheticImageInit"/>).</param>
    /// <param name="evalImages">[M, 1, side, side] real images (a held-out slice of the training set, never the test split).</param>
    /// <param name="evalLabels">[M] int64 labels.</param>
    /// <param name="timings">Receives the inner-loop training time (<see cref="PhaseTimings.Training"/>) and the
    /// scoring time on the real images (<see cref="PhaseTimings.Rollout"/>, an image task's counterpart of rollouts).</param>
    public static float[] Evaluate(float[][] candidateImages, ulong[] initSeeds, ImageInnerLoop settings,
        Tensor evalImages, Tensor evalLabels, FitnessKind kind, PhaseTimings? timings = null)
    {
        var scores = Scores(candidateImages, initSeeds, settings, evalImages, evalLabels, timings: timings);
        int k = initSeeds.Length;
        return Enumerable.Range(0, candidateImages.Length)
            .Select(c => (float)Enumerable.Range(0, k).Average(j => scores[c * k + j].Fitness(kind)))
            .ToArray();
    }

    /// <summary>The score of every member (candidate·k + init), before averaging.</summary>
    public static ImageScore[] Scores(float[][] candidateImages, ulong[] initSeeds, ImageInnerLoop settings,
        Tensor evalImages, Tensor evalLabels, Device? device = null, PhaseTimings? timings = null)
    {
        if (candidateImages.Length == 0) return [];
        if (initSeeds.Length == 0) throw new ArgumentException("at least one init seed is needed", nameof(initSeeds));
        int side = (int)evalImages.shape[^1], pixels = side * side;
        int length = candidateImages[0].Length;
        if (length == 0 || length % (settings.Classes * pixels) != 0)
            throw new HadesUserException(
                $"a synthetic image set has {length} values, not a multiple of {settings.Classes} classes × {pixels} pixels");
        if (candidateImages.Any(c => c.Length != length))
            throw new ArgumentException("all candidates must have the same length", nameof(candidateImages));
        int perSet = length / pixels, ipc = perSet / settings.Classes, k = initSeeds.Length;
        device ??= evalImages.device;
        using var labels = torch.arange(perSet, ScalarType.Int64).div_(ipc, rounding_mode: RoundingMode.floor);
        int totalMembers = candidateImages.Length * k;
        var result = new ImageScore[totalMembers];
        timings ??= new PhaseTimings();
        for (int first = 0; first < totalMembers; first += settings.MaxMembersPerBatch)
        {
            int count = Math.Min(settings.MaxMembersPerBatch, totalMembers - first);
            using var scope = torch.NewDisposeScope();
            var flat = new float[(long)count * length];
            for (int m = 0; m < count; m++)
                candidateImages[(first + m) / k].CopyTo(flat, (long)m * length);
            var images = torch.tensor(flat, [count, perSet, pixels]).to(device);
            using var nets = BatchedCnn.Create(initSeeds, m => (first + m) % k, count, device, side, classes: settings.Classes);
            timings.TimeTraining(() => nets.Train(images, labels, settings));
            timings.TimeRollout(() => nets.Evaluate(evalImages, evalLabels, settings)).CopyTo(result, first);
        }
        return result;
    }

    /// <summary>
    /// Scores one synthetic image set with several fresh inits of the paper CNN (one per seed), e.g. test-split
    /// accuracy of a finished run. Returns one score per seed.
    /// </summary>
    public static ImageScore[] TrainedAccuracy(float[] images, ulong[] initSeeds, ImageInnerLoop settings,
        Tensor testImages, Tensor testLabels) =>
        initSeeds.SelectMany(seed => Scores([images], [seed], settings, testImages, testLabels)).ToArray();
}
