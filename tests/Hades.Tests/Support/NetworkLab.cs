using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Hades.Tests.Support;

/// <summary>
/// A private network of Linux network namespaces for multi-host tests: one "switch" namespace holding a
/// bridge, and one namespace per host joined to it by a veth pair, with addresses in 10.213.0.0/24. Every
/// interface, address and iptables rule lives inside these namespaces (none in the machine's own), so no
/// packet can leave them; names carry a random suffix so parallel runs do not clash. Dispose kills the
/// processes started here and deletes the namespaces (which removes their veths and iptables rules).
/// </summary>
public sealed class NetworkLab : IDisposable
{
    public const string Subnet = "10.213.0";

    readonly string suffix = Guid.NewGuid().ToString("N")[..8];
    readonly List<string> namespaces = [];
    readonly List<Process> processes = [];
    readonly StringBuilder transcript = new();
    readonly string bridgeNs;
    int nextVeth;

    [DllImport("libc", SetLastError = true)] static extern uint geteuid();

    /// <summary>Why these tests cannot run here, or null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux network namespaces";
        if (geteuid() != 0) return "needs root to create network namespaces (CI runs as root)";
        foreach (var tool in new[] { "ip", "iptables" })
            if (!new[] { "/usr/sbin", "/sbin", "/usr/bin", "/bin" }.Any(d => File.Exists(Path.Combine(d, tool))))
                return $"needs `{tool}` (iproute2/iptables) for network-namespace tests";
        string probe = "hades-probe-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            if (Sh("ip", "netns", "add", probe).Code != 0) return "`ip netns add` failed here (no network-namespace support)";
        }
        finally { Sh("ip", "netns", "del", probe); }
        return null;
    }

    public NetworkLab()
    {
        bridgeNs = Add("sw");
        Must("ip", "-n", bridgeNs, "link", "add", "br0", "type", "bridge");
        Must("ip", "-n", bridgeNs, "link", "set", "br0", "up");
    }

    /// <summary>Everything the started processes printed, with timestamps (for failure messages).</summary>
    public string Transcript { get { lock (transcript) return transcript.ToString(); } }

    string Add(string role)
    {
        string name = $"hades-{role}-{suffix}";
        Must("ip", "netns", "add", name);
        namespaces.Add(name);
        Must("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>A new host namespace with address 10.213.0.<paramref name="octet"/> on the bridge.</summary>
    public Host AddHost(string role, int octet)
    {
        string ns = Add(role);
        string veth = $"v{nextVeth++}";
        Must("ip", "-n", bridgeNs, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Must("ip", "-n", bridgeNs, "link", "set", veth, "master", "br0", "up");
        string ip = $"{Subnet}.{octet}";
        Must("ip", "-n", ns, "addr", "add", $"{ip}/24", "dev", "eth0");
        Must("ip", "-n", ns, "link", "set", "eth0", "up");
        return new Host(this, ns, ip);
    }

    /// <summary>Makes <paramref name="ip"/> an address of <paramref name="host"/> itself (on its loopback).</summary>
    public void AddLocalAddress(Host host, string ip) => Must("ip", "-n", host.Namespace, "addr", "add", $"{ip}/32", "dev", "lo");

    public sealed record Host(NetworkLab Lab, string Namespace, string Ip)
    {
        /// <summary>Runs the built `hades` inside this namespace (`ip netns exec` execs it: the pid is hades').</summary>
        public Process StartHades(params string[] args) => Lab.Start(this, [HadesProcess.Executable, .. args]);

        public void Iptables(params string[] rule) => Must(["ip", "netns", "exec", Namespace, "iptables", .. rule]);
    }

    Process Start(Host host, string[] command)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { "netns", "exec", host.Namespace }.Concat(command)) info.ArgumentList.Add(a);
        var p = Process.Start(info) ?? throw new InvalidOperationException("could not start ip netns exec");
        lock (processes) processes.Add(p);
        string who = $"{command[1]}@{host.Ip}#{p.Id}";
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{DateTime.Now:HH:mm:ss.fff} {who}: {e.Data}"); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (transcript) transcript.AppendLine($"{DateTime.Now:HH:mm:ss.fff} {who} (stderr): {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    static (int Code, string Output) Sh(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(30))) { p.Kill(); return (-1, "timed out"); }
        return (p.ExitCode, output.Result + error.Result);
    }

    static void Must(params string[] command)
    {
        var (code, output) = Sh(command);
        if (code != 0) throw new InvalidOperationException($"`{string.Join(' ', command)}` failed ({code}): {output}");
    }

    public void Dispose()
    {
        lock (processes)
            foreach (var p in processes)
            {
                try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
                p.Dispose();
            }
        // Deleting a namespace removes its veth ends and its iptables rules with it.
        foreach (var ns in Enumerable.Reverse(namespaces)) Sh("ip", "netns", "del", ns);
    }
}
