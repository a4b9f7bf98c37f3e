namespace Hades.Actors.Campaigns;

/// <summary>
/// The campaign's non-HaDES work (PPO, distillation, zero-shot, generalisation) running on the thread pool: started
/// by the campaign actor, cancelled and awaited by whoever hosts it when the campaign ends or is interrupted, so no
/// job outlives its ActorSystem.
/// </summary>
public sealed class CampaignJobs : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly List<Task> running = [];

    public Task Start(Func<CancellationToken, Task> job)
    {
        var task = Task.Run(() => job(stop.Token), stop.Token);
        lock (running) running.Add(task);
        return task;
    }

    public bool Stopping => stop.IsCancellationRequested;

    /// <summary>Cancels every job and waits for them to stop (at most <paramref name="limit"/>).</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        stop.Cancel();
        Task[] all;
        lock (running) all = [.. running];
        await Task.WhenAll(all).WaitAsync(limit).ContinueWith(_ => { });
    }

    public void Dispose() => stop.Dispose();
}
