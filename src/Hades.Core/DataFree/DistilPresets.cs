namespace Hades.Core.DataFree;

/// <summary>
/// The settings a distillation starts from before command-line options or campaign keys: for the image tasks
/// 200-step chunks, the final score on all 10k test images, and each method's own settings (<see cref="Images.ImageMethods"/>:
/// DAFL, DFAD and ZSKT as their papers/official code publish them, GAS-style as chosen on the selection split; see
/// docs/data-free-images.md); for policy tasks the settings of docs/data-free-rl.md (the defaults with a 32-wide latent and 200-step chunks).
/// </summary>
public static class DistilPresets
{
    public static DistilConfig For(string task, string method)
    {
        var config = new DistilConfig { Task = task, Method = method };
        if (!DistilJobs.IsImageTask(task)) return config with { LatentSize = 32, ChunkSteps = 200 };
        config = config with { ChunkSteps = 200, FinalEvalEpisodes = 0 };
        return DistilMethods.ImagePreset(config);
    }
}
