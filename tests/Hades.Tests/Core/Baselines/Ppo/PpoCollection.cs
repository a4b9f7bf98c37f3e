using Hades.Core.Torch;

namespace Hades.Tests.Core.Baselines.Ppo;

/// <summary>
/// PPO training tests run alone, not beside other test classes. PPO issues thousands of tiny TorchSharp ops, each
/// with temporary native Scalars; with other tests allocating in parallel, TorchSharp 0.107 intermittently read a
/// Scalar that the GC had already finalized mid-call ("Expected false to be true … toFloat"), even in plain
/// Tensor + Tensor. Alone (or with a large gen-0 budget) the failure did not occur in repeated runs. See KeptScalars.
/// </summary>
[CollectionDefinition("ppo", DisableParallelization = true)]
public sealed class PpoCollection;
