using System.Globalization;
using System.Text;
using Hades.Core;
using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Vision;
using Hades.Core.Vision.Architectures;
using Hades.Core.Random;
using Hades.Core.Runs;

namespace Hades.Host.Evaluation;

/// <summary>
/// `hades generalise` on a Fashion-MNIST run: test-split accuracy of every architecture (paper CNN, wider and
/// deeper CNNs, an MLP, LeNet-5) trained by the run's SGD recipe on the distilled images, beside the same for the
/// in-house baselines (class-mean images and random real images). Writes generalisation.csv and generalisation.md.
/// </summary>
public static class ImageGeneralisation
{
    public static int Run(RunDirectory run, HadesConfig config, int seeds, ulong seed, int? steps)
    {
        if (seeds <= 0) throw new HadesUserException("--episodes (inits per cell) must be a positive integer");
        var settings = config with { InnerSteps = steps ?? config.InnerSteps };
        using var images = new ImageDistillation(settings);
        var distilled = DatasetJson.Read(run.DatasetFile).ToParameters(new DatasetLayout(10 * config.ImagesPerClass, FashionMnist.Pixels, 10, LabelMode.Fixed));
        var sets = new (string Name, Func<int, float[]> Images)[]
        {
            ("HaDES (this run)", _ => distilled),
            ("class means", _ => images.InitialImages()),
            ("random real", j => images.RandomRealImages(CounterRng.Key(seed, 0x5245414CUL, (ulong)j))),
        };
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generalisation on fashion-mnist: {ImageArchitectures.Names.Count} architectures × {sets.Length} image sets × {seeds} inits, {settings.InnerSteps} SGD steps at lr {settings.InnerLearningRate}, 10k test split"));
        var csv = new StringBuilder("images,architecture,init,test_accuracy\n");
        var md = new StringBuilder($"# Generalisation of {run.Path}\n\nTest accuracy (%) on the 10k test split, mean ± sd over {seeds} inits; every network trained by full-batch SGD ({settings.InnerSteps} steps, lr {settings.InnerLearningRate}) on the {10 * config.ImagesPerClass} images alone. Command: `hades generalise {run.Path} --episodes {seeds}`.\n\n");
        md.Append("| images | ").Append(string.Join(" | ", ImageArchitectures.Names)).Append(" |\n|---|").Append(string.Concat(ImageArchitectures.Names.Select(_ => "---|"))).Append('\n');
        foreach (var (name, make) in sets)
        {
            md.Append($"| {name} |");
            foreach (var architecture in ImageArchitectures.Names)
            {
                var accuracies = new List<double>();
                for (int j = 0; j < seeds; j++)
                {
                    double accuracy = 100 * images.TestScore(architecture, make(j), CounterRng.Key(seed, 0x47454E49UL, (ulong)j)).Accuracy;
                    accuracies.Add(accuracy);
                    csv.Append(string.Create(CultureInfo.InvariantCulture, $"{name},{architecture},{j},{accuracy:0.00}\n"));
                }
                double mean = accuracies.Average(), sd = Math.Sqrt(accuracies.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, accuracies.Count - 1));
                md.Append(string.Create(CultureInfo.InvariantCulture, $" {mean:0.0} ± {sd:0.0} |"));
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-18} {architecture,-9} {mean,6:0.00}%"));
            }
            md.Append('\n');
        }
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(run.Path, "generalisation.csv"), csv.ToString());
        Core.Storage.AtomicFile.WriteAllText(Path.Combine(run.Path, "generalisation.md"), md.ToString());
        System.Console.WriteLine($"wrote {Path.Combine(run.Path, "generalisation.csv")} and generalisation.md");
        return 0;
    }
}
