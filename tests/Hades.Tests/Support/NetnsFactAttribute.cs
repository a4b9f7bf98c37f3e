namespace Hades.Tests.Support;

/// <summary>
/// A test that builds Linux network namespaces: it runs only as root on a machine with `ip netns` and
/// `iptables` (CI runs as root); elsewhere it is skipped with the reason.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    /// <summary>Probed once per test run (the probe creates and deletes a namespace).</summary>
    static readonly Lazy<string?> Reason = new(NetworkLab.Unavailable);

    public NetnsFactAttribute()
    {
        if (Reason.Value is { } reason) Skip = reason;
    }
}
