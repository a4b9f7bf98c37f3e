using Hades.Core.Runs;

namespace Hades.Host.Hosting;

/// <summary>
/// Keeps a run dir's failure mark (<see cref="ExperimentFailure"/>: <c>&lt;run dir&gt;.failed</c>, one line) true to
/// how the last session of the run ended: removed when a session starts, written when it ends failed (a
/// <see cref="RunOutcome.Failed"/> or an exception), left absent when it finishes or is interrupted. A killed process
/// writes nothing, so its run reads stopped, not failed. Another process (the dashboard, <c>hades status</c>) reads it.
/// </summary>
public static class FailureMarking
{
    /// <summary>Runs one session of the run in <paramref name="runDir"/> with its mark kept;
    /// <paramref name="outcomeOf"/> says how a result ended.</summary>
    public static async Task<T> Around<T>(string runDir, Func<Task<T>> session, Func<T, RunOutcome> outcomeOf)
    {
        ExperimentFailure.Clear(runDir); // started again: no longer failed
        T result;
        try { result = await session(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Mark(runDir, e.Message);
            throw;
        }
        if (outcomeOf(result) is RunOutcome.Failed failed) Mark(runDir, failed.Reason);
        return result;
    }

    /// <summary>Writes the mark (also for a run that fails before its session, e.g. while its job is built); a mark
    /// that cannot be written (a full disk) costs a warning and does not hide the run's own error.</summary>
    public static void Mark(string runDir, string error)
    {
        try { ExperimentFailure.Write(runDir, error); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            System.Console.Error.WriteLine($"hades: warning: cannot mark {runDir} failed ({e.Message})");
        }
    }
}
