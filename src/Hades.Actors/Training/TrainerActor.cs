using Akka.Actor;
using Hades.Actors.Messages;

namespace Hades.Actors.Training;

/// <summary>
/// Runs a campaign's non-HaDES stages, one at a time, whichever node it lives on (<c>/user/trainer</c> on members
/// with role "trainer", or the embedded campaign's own). Work pulling as the evaluators do it: on
/// <see cref="WorkAvailable"/> it asks for one stage (none while it runs one), runs the job built by
/// <c>run</c> off the actor's thread, tells the owner <see cref="StageTrained"/> or <see cref="StageFailed"/>, and
/// asks again. Each start and end (finished, failed, or cancelled when its node stops) is a line of <c>trainer.log</c> beside the stage's run dir (in the campaign dir; the
/// run dir itself must stay as the job leaves it) naming the stage and this node. When the actor stops
/// (its system shuts down) the job is cancelled and awaited; a job killed with its process is re-issued by the owner
/// and continues from what its run dir journalled.
/// A job runs only while it holds the stage's lock, <c>&lt;run dir&gt;.lock</c> beside the run dir (an OS lock:
/// <see cref="Hades.Core.Storage.ExclusiveFileLock"/>, gone with its process even after <c>kill -9</c>): a stage issued
/// again while an earlier job of it still runs (a restarted seed offering it to a new worker before the old worker
/// has been downed) waits for that job to end ("waiting" in trainer.log), then runs and finds its journal as that job
/// left it. So two jobs of one stage never run at once, on one node or several sharing the campaign dir.
/// </summary>
public sealed class TrainerActor : ReceiveActor
{
    public const string Name = "trainer";
    public const string LogFile = "trainer.log";
    public const string LockSuffix = ".lock";
    static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>The stage's lock file: beside its run dir, which must stay as the job leaves it.</summary>
    public static string LockFile(StageWork work) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(work.RunDir)) + LockSuffix;

    sealed record Running(StageWork Work, CancellationTokenSource Stop, Task Job)
    {
        public IActorRef Owner { get; set; } = ActorRefs.Nobody;
    }

    sealed record Ended(StageWork Work, string? Error, bool Cancelled);

    readonly Func<StageWork, CancellationToken, Task> run;
    Running? current;

    string Node => ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    /// <param name="run">Builds and runs the job of a stage (the Host's stage jobs); throws on failure.</param>
    public TrainerActor(Func<StageWork, CancellationToken, Task> run)
    {
        this.run = run;
        Receive<Akka.Routing.Broadcast>(b => Self.Forward(b.Message)); // an offer sent to a local trainer, not through a router
        Receive<WorkAvailable>(_ => Sender.Tell(new RequestWork(current is null ? 1 : 0)));
        Receive<StageWork>(work =>
        {
            if (current is { } busy)
            {
                if (busy.Work.Campaign == work.Campaign && busy.Work.Index == work.Index) busy.Owner = Sender; // a restarted owner
                else Sender.Tell(new StageFailed(work.Campaign, work.Index, $"trainer {Node} is busy", Node, Retry: true));
                return;
            }
            Start(work, Sender);
        });
        Receive<Ended>(end =>
        {
            if (current is not { } done || !ReferenceEquals(done.Work, end.Work)) return;
            current = null;
            done.Stop.Dispose();
            if (end.Cancelled) { Log(end.Work, Node, "cancelled"); return; }
            Log(end.Work, Node, end.Error is null ? "finished" : $"failed ({end.Error})");
            done.Owner.Tell(end.Error is null
                ? new StageTrained(end.Work.Campaign, end.Work.Index, Node)
                : new StageFailed(end.Work.Campaign, end.Work.Index, end.Error, Node, Retry: false));
            done.Owner.Tell(new RequestWork(1));
        });
        Receive<GetEvaluatorStats>(_ => Sender.Tell(new EvaluatorStats(Node, 0, 0)));
    }

    void Start(StageWork work, IActorRef owner)
    {
        string node = Node;
        var stop = new CancellationTokenSource();
        var self = Self;
        var job = Task.Run(async () =>
        {
            string lockFile = LockFile(work);
            Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
            using var held = await Hades.Core.Storage.ExclusiveFileLock.AcquireAsync(lockFile, $"{work.Name} on {node} (pid {Environment.ProcessId})",
                LockPoll, () => Log(work, node, $"waiting for {Path.GetFileName(lockFile)} (an earlier job of this stage still runs)"), stop.Token);
            Log(work, node, "started");
            await run(work, stop.Token);
        }, stop.Token);
        job.ContinueWith(t => self.Tell(new Ended(work,
                t.IsCompletedSuccessfully ? null : t.Exception?.GetBaseException() is { } e and not OperationCanceledException ? e.Message.Split('\n')[0] : null,
                Cancelled: !t.IsCompletedSuccessfully && (t.IsCanceled || t.Exception?.GetBaseException() is OperationCanceledException))),
            TaskScheduler.Default);
        current = new Running(work, stop, job) { Owner = owner };
    }

    static void Log(StageWork work, string node, string what)
    {
        try
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(work.RunDir)) ?? ".";
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, LogFile),
                $"{DateTime.UtcNow:O} {what} {work.Name} on {node} (pid {Environment.ProcessId})\n");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Cancels the running job and waits for it (at most a minute), so no job outlives its node; trainer.log
    /// records the end.</summary>
    protected override void PostStop()
    {
        if (current is { } running)
        {
            running.Stop.Cancel();
            bool ended = running.Job.ContinueWith(_ => { }).Wait(TimeSpan.FromSeconds(60));
            Log(running.Work, Node, ended ? "cancelled" : "cancelled (still running after 60 s)");
        }
        base.PostStop();
    }

    public static Props Props(Func<StageWork, CancellationToken, Task> run) =>
        Akka.Actor.Props.Create(() => new TrainerActor(run));
}
