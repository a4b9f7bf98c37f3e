using Hades.Core.Storage;

namespace Hades.Core.Runs;

/// <summary>
/// The failure mark of a run or a campaign experiment: <c>&lt;run dir&gt;.failed</c>, beside the run dir (as a
/// campaign stage's lock <c>&lt;run dir&gt;.lock</c> is; a stage's run dir stays as its job leaves it), holding one
/// line: the error with which it failed. A campaign writes it (atomically) when an experiment fails and removes it
/// when it starts the experiment again; a standalone run (<c>hades run</c>, <c>resume</c>, <c>seed</c>, <c>ppo</c>,
/// <c>distil</c>) does the same for its own session. So another process (the dashboard, <c>hades status</c>) can tell
/// a failed run from a stopped (interrupted or killed) one.
/// </summary>
public static class ExperimentFailure
{
    public const string Suffix = ".failed";

    public static string FileOf(string runDir) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)) + Suffix;

    /// <summary>Marks the experiment of <paramref name="runDir"/> failed with <paramref name="error"/> (kept to one line).</summary>
    public static void Write(string runDir, string error)
    {
        string file = FileOf(runDir);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllText(file, OneLine(error) + "\n");
    }

    /// <summary>The error of a failed experiment, or null when it is not marked failed (or the mark cannot be read).</summary>
    public static string? Read(string runDir)
    {
        string file = FileOf(runDir);
        try { return File.Exists(file) ? OneLine(File.ReadAllText(file)) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Removes the mark (the experiment starts again); nothing happens when there is none.</summary>
    public static void Clear(string runDir) => File.Delete(FileOf(runDir));

    static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
