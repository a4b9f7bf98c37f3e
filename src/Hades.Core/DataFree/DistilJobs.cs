namespace Hades.Core.DataFree;

/// <summary>Builds the job for a config: image families go to <c>Images/</c>, policy tasks to <c>Policies/</c>.</summary>
public static class DistilJobs
{
    public static readonly IReadOnlyList<string> ImageTasks = ["fashion-mnist", "fashion-mnist-coarse"];

    /// <summary>Where default teachers live: <c>runs/teachers/&lt;task&gt;</c> under the working directory.</summary>
    public const string DefaultTeacherRoot = "runs/teachers";

    public static bool IsImageTask(string task) => ImageTasks.Contains(task);

    /// <summary>Builds the job; a config without a teacher gets the task's default teacher under
    /// <c>runs/teachers/</c>, trained there on first use (progress lines go to <paramref name="progress"/>).</summary>
    public static IDistilJob Create(DistilConfig config, Action<string>? progress = null)
    {
        config.Validate();
        return IsImageTask(config.Task)
            ? new Images.ImageDistilJob(config, progress)
            : Policies.PolicyDistilJob.Create(config, progress);
    }
}
