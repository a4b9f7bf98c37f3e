using System.Globalization;

namespace Hades.Core.BehaviourDistillation;

/// <summary>
/// A deliberately rough upper estimate of the memory a HaDES config needs, checked before anything is allocated,
/// so that a config that cannot fit is refused in one line instead of growing until the kernel kills the process.
/// Counted (float32): one evaluator batch of <c>min(batch, population)</c> candidates × inits policies, each with
/// weights, gradients and two Adam moments, their activations over the dataset, and the rollout state of
/// episodes instances per policy; the eval policies; and the ES state (mean, Adam moments, the population's
/// candidate datasets). Image tasks count the paper's CNN (about 40k weights) and 28×28 images.
/// </summary>
public static class MemoryEstimate
{
    const double Float = 4;
    const double CnnParameters = 40_000, ImagePixels = 28 * 28, ImageClasses = 10;

    public static double Bytes(HadesConfig config)
    {
        double population = config.PopulationSize;
        double batch = Math.Min(config.BatchSize, config.PopulationSize);
        double policies = batch * config.EffectiveInits;
        if (config.IsImageTask)
        {
            double images = ImageClasses * config.ImagesPerClass * ImagePixels;
            double training = policies * (CnnParameters * 4 + images * 8);
            return Float * (training + population * images * 3 + config.EvalPolicies * CnnParameters * 4);
        }
        var spec = Envs.TaskRegistry.Spec(config.Task);
        int outputs = spec.IsDiscrete ? spec.ActionCount : 2 * spec.ActionSize;
        double parameters = 0, widths = 0;
        int fanIn = spec.ObservationSize;
        foreach (int width in config.Hidden)
        {
            parameters += ((double)fanIn + 1) * width;
            widths += width;
            fanIn = width;
        }
        parameters += ((double)fanIn + 1) * outputs;
        double pair = spec.ObservationSize + (spec.IsDiscrete ? spec.ActionCount : spec.ActionSize);
        double dataset = config.IsDirectEs ? parameters : (double)config.DatasetSize * pair;
        double perPolicy = parameters * 4 + (config.IsDirectEs ? 0 : config.DatasetSize * (widths + outputs) * 3)
                           + config.Episodes * (spec.ObservationSize + widths + outputs) * 2;
        double es = dataset * (4 + population);
        return Float * (policies * perPolicy + config.EvalPolicies * perPolicy + es);
    }

    /// <summary>MemAvailable of /proc/meminfo in bytes (null where there is none).</summary>
    public static double? AvailableBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is null) return null;
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    /// <summary>Refuses a config whose estimate is above the machine's available memory (<paramref name="available"/>
    /// bytes; by default MemAvailable).</summary>
    public static void Check(HadesConfig config, double? available = null)
    {
        available ??= AvailableBytes();
        if (available is not double free) return;
        double need = Bytes(config);
        if (need > free)
            throw new HadesUserException(string.Create(CultureInfo.InvariantCulture,
                $"this configuration needs about {Gib(need)} of memory (population {config.PopulationSize}, batch {Math.Min(config.BatchSize, config.PopulationSize)} × {config.EffectiveInits} inits, hidden {string.Join(',', config.Hidden)}, dataset {config.DatasetSize}) but the machine has {Gib(free)} available (MemAvailable); lower the sizes or --batch-size"));
    }

    static string Gib(double bytes) => bytes >= 1 << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 30):0.#} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.#} MiB");
}
