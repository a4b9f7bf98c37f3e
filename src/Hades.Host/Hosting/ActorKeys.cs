namespace Hades.Host.Hosting;

/// <summary>Keys of the <c>ActorRegistry</c> (Akka.Hosting) under which every node registers its main actors.</summary>
public static class ActorKeys
{
    /// <summary>The population (a run's persistent ES owner), or its cluster-singleton manager on a seed.</summary>
    public sealed class Population;

    /// <summary>Where evaluation work is offered: the local evaluator (embedded), or the router over the cluster's evaluators.</summary>
    public sealed class Evaluators;

    /// <summary>Where stage jobs are offered: the local trainer (embedded), or the router over the cluster's trainers.</summary>
    public sealed class Trainers;

    /// <summary>A campaign, or its cluster-singleton manager on a seed.</summary>
    public sealed class Campaign;
}
