namespace Hades.Tests.Host.Hosting;

/// <summary>Cluster tests bind ports and saturate both cores; they run one after another.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;
