using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Hades.Tests.Support;

/// <summary>
/// A TCP proxy that adds a fixed one-way delay to every byte in both directions (order kept), for latency
/// faults where the kernel has no netem. It listens inside one network namespace and connects out from
/// another: the sockets are created on a short-lived thread that has entered the namespace (setns), and a
/// socket stays in the namespace it was created in whichever thread uses it afterwards.
/// </summary>
public sealed class DelayingTcpProxy : IAsyncDisposable
{
    readonly Socket listener;
    readonly string? outNamespace;
    readonly IPEndPoint target;
    readonly TimeSpan delay;
    readonly CancellationTokenSource stop = new();
    readonly List<Socket> sockets = [];
    readonly Task accepting;
    long forwarded;

    /// <param name="outNamespace">Where the upstream sockets are made; null: this process's own namespace.</param>
    public DelayingTcpProxy(string listenNamespace, IPEndPoint listen, string? outNamespace, IPEndPoint target, TimeSpan delay)
    {
        this.outNamespace = outNamespace;
        this.target = target;
        this.delay = delay;
        listener = InNamespace(listenNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(listen);
        listener.Listen(16);
        accepting = Task.Run(AcceptLoop);
    }

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    /// <summary>Bytes passed through, both directions.</summary>
    public long BytesForwarded => Interlocked.Read(ref forwarded);

    const int CLONE_NEWNET = 0x40000000;
    [DllImport("libc", SetLastError = true)] static extern int setns(int fd, int nstype);

    static T InNamespace<T>(string? ns, Func<T> create)
    {
        if (ns is null) return create();
        T? made = default;
        Exception? failed = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{ns}");
                if (setns((int)handle.DangerousGetHandle(), CLONE_NEWNET) != 0)
                    throw new InvalidOperationException($"setns({ns}) failed: errno {Marshal.GetLastPInvokeError()}");
                made = create();
            }
            catch (Exception e) { failed = e; }
        });
        thread.Start();
        thread.Join(); // the thread ends here: no pool thread is left in the other namespace
        if (failed != null) throw failed;
        return made!;
    }

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(stop.Token); }
            catch (Exception) { return; }
            Connections++;
            _ = Task.Run(() => Serve(client));
        }
    }

    async Task Serve(Socket client)
    {
        var upstream = InNamespace(outNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        lock (sockets) { sockets.Add(client); sockets.Add(upstream); }
        client.NoDelay = upstream.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(target, stop.Token);
            await Task.WhenAny(Pump(client, upstream), Pump(upstream, client));
        }
        catch (Exception) { }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>Reads chunks as they come and writes each one <see cref="delay"/> after it was read.</summary>
    async Task Pump(Socket from, Socket to)
    {
        var queue = Channel.CreateUnbounded<(DateTime Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, data) in queue.Reader.ReadAllAsync(stop.Token))
            {
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token);
                await to.SendAsync(data, SocketFlags.None, stop.Token);
                Interlocked.Add(ref forwarded, data.Length);
            }
        });
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (n == 0) break;
                queue.Writer.TryWrite((DateTime.UtcNow + delay, buffer[..n]));
            }
        }
        catch (Exception) { }
        queue.Writer.TryComplete();
        try { await writer; } catch (Exception) { }
        try { to.Shutdown(SocketShutdown.Send); } catch (Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Dispose();
        lock (sockets) foreach (var s in sockets) s.Dispose();
        try { await accepting; } catch (Exception) { }
    }
}
