namespace Hades.Core.DataFree;

/// <summary>
/// The settings a distillation starts from before command-line options or campaign keys: for the image tasks the
/// budget and per-method schedules of docs/data-free-images.md (batch 128, KD temperature 8, M = 50, 200-step chunks,
/// generator lr and student steps per generator step as each method publishes them, final score on all 10k test
/// images); for policy tasks the settings of docs/data-free-rl.md (the defaults with a 32-wide latent and 200-step chunks).
/// </summary>
public static class DistilPresets
{
    public static DistilConfig For(string task, string method)
    {
        var config = new DistilConfig { Task = task, Method = method };
        if (!DistilJobs.IsImageTask(task)) return config with { LatentSize = 32, ChunkSteps = 200 };
        config = config with { BatchSize = 128, ChunkSteps = 200, KdTemperature = 8, ExemplarsPerClass = 50, FinalEvalEpisodes = 0 };
        return DistilMethods.ImagePreset(config);
    }
}
