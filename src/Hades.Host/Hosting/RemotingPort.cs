using System.Net;
using System.Net.Sockets;
using Hades.Core;

namespace Hades.Host.Hosting;

/// <summary>
/// Checks, before an ActorSystem with remoting starts, that its port can be bound: Akka's own failure to bind is
/// an unobserved exception that aborts the process with a page of stack traces. Port 0 (any free port) is not
/// checked. The check and Akka's bind are a moment apart; a port taken in between still fails in Akka.
/// </summary>
public static class RemotingPort
{
    public static void EnsureFree(Akka.Configuration.Config config)
    {
        int port = config.GetInt("akka.remote.dot-netty.tcp.port", 0);
        if (port == 0) return;
        string host = config.GetString("akka.remote.dot-netty.tcp.hostname", "") ?? "";
        var address = host.Length == 0 || host == "0.0.0.0" ? IPAddress.Any
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : ResolveOrNull(host);
        if (address is null) return; // an unresolvable name: Akka reports it
        var listener = new TcpListener(address, port);
        try
        {
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new HadesUserException(e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"cannot listen on {host}:{port}: the port is in use (another seed, campaign or worker?); choose another --port"
                : $"cannot listen on {host}:{port} ({e.Message})");
        }
        finally { listener.Stop(); }
    }

    static IPAddress? ResolveOrNull(string host)
    {
        try { return Dns.GetHostAddresses(host).FirstOrDefault(); }
        catch (SocketException) { return null; }
    }
}
