namespace Hades.Tests.Support;

/// <summary>
/// A test that builds Linux network namespaces: it runs only as root on a machine with `ip netns` and
/// `iptables` (CI runs as root); elsewhere it is skipped with the reason.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (NetworkLab.Unavailable() is { } reason) Skip = reason;
    }
}
