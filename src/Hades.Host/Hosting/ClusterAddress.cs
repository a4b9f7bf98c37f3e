using Akka.Actor;
using Hades.Core;

namespace Hades.Host.Hosting;

/// <summary>Seed-node addresses as users type them: <c>akka.tcp://hades@HOST:PORT</c> (<c>akka.ssl.tcp://</c> with
/// TLS), or just HOST:PORT.</summary>
public static class ClusterAddress
{
    public const string SystemName = "hades";

    public static string Normalise(string text, bool tls = false)
    {
        string full = text.Contains("://") ? text : $"{Protocol(tls)}://{SystemName}@{text}";
        if (!Address.TryParse(full, out var address) || address.Host is null || address.Port is null or <= 0)
            throw new HadesUserException($"'{text}' is not a seed-node address (expected akka.tcp://{SystemName}@HOST:PORT)");
        if (address.System != SystemName)
            throw new HadesUserException($"seed node '{text}' names actor system '{address.System}'; Hades nodes are '{SystemName}'");
        return address.ToString();
    }

    public static string Of(string hostname, int port, bool tls = false) => $"{Protocol(tls)}://{SystemName}@{hostname}:{port}";

    static string Protocol(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>Whether a config turns on TLS for remoting.</summary>
    public static bool UsesTls(Akka.Configuration.Config? config) =>
        config is not null && config.HasPath("akka.remote.dot-netty.tcp.enable-ssl") && config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl");
}
