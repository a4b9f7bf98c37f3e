using System.CommandLine;

namespace Hades.Host.Cli;

/// <summary>Options of the cluster's nodes: <c>seed</c> and <c>campaign --port</c> (seeds), <c>worker</c>.</summary>
public static class ClusterOptions
{
    public static readonly Option<string> Hostname = Opt.String("hostname", "H", "address to bind and advertise (default 127.0.0.1)");

    public static readonly Option<int> SeedPort = Opt.Int("port", "remoting port of this seed node (seed: default 4053; campaign: given, the campaign runs as a cluster seed)",
        v => v is >= 1 and <= 65535 ? null : $"--port must be 1..65535 (got {v})", "P");

    public static readonly Option<int> WorkerPort = Opt.Int("port", "remoting port (default 0: any free port)",
        v => v is >= 0 and <= 65535 ? null : $"--port must be 0..65535 (got {v})", "P");

    public static readonly Option<string> AkkaConfigFile = Opt.String("config", "FILE", "extra Akka HOCON layered over hocon/seed.conf or hocon/worker.conf (e.g. TLS for remoting)");

    public static readonly Option<bool> LocalEvaluator = Opt.Flag("local-evaluator", "also evaluate on this (seed) node");

    public static readonly Option<double> AskTimeout = Opt.Double("ask-timeout", "seconds before a batch without answer is re-issued (default 60)",
        v => v > 0 ? null : "--ask-timeout must be > 0", "S");

    public static readonly Option<double> SilenceLimit = Opt.Double("silence-limit",
        "seconds every evaluator holding or able to take a generation's work may say nothing before the generation fails (default 10 × --ask-timeout)",
        v => v > 0 ? null : "--silence-limit must be > 0", "S");

    public static readonly Option<int> MinEvaluators = Opt.Int("min-evaluators", "worker nodes to wait for before the first generation (default 1)",
        v => v >= 1 ? null : $"--min-evaluators must be >= 1 (got {v})", "N");

    /// <summary>The options a seed node takes (<c>seed</c>; <c>campaign</c> with <c>--port</c>).</summary>
    public static readonly Option[] Seed = [Hostname, SeedPort, AkkaConfigFile, LocalEvaluator, AskTimeout, SilenceLimit];

    public static TimeSpan AskTimeoutOf(ParseResult parse) => TimeSpan.FromSeconds(parse.NumberOrNull(AskTimeout) ?? 60);

    /// <summary>--silence-limit, or null for the default (reference.conf's factor × the ask timeout). It must exceed the
    /// ask timeout: an evaluator busy with a unit says nothing until it finishes, and a unit may run that long.</summary>
    public static TimeSpan? SilenceLimitOf(ParseResult parse)
    {
        if (parse.NumberOrNull(SilenceLimit) is not { } seconds) return null;
        var askTimeout = AskTimeoutOf(parse);
        if (TimeSpan.FromSeconds(seconds) <= askTimeout)
            throw new Core.HadesUserException($"--silence-limit ({seconds:0.###} s) must exceed --ask-timeout ({askTimeout.TotalSeconds:0.###} s)");
        return TimeSpan.FromSeconds(seconds);
    }
}
