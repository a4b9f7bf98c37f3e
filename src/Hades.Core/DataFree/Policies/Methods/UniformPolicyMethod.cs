using Hades.Core.Torch;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies.Methods;

/// <summary><c>uniform</c> — fresh uniform random states of the observation prior every step (no generator).</summary>
public sealed class UniformPolicyMethod(PolicyDistilParts parts) : PolicyMethod(parts)
{
    public override PolicyChunk Begin(DistilState state) => new Chunk(Parts);

    /// <summary>1,024 uniform samples of the prior.</summary>
    public override float[] GeneratedSet(DistilState state, Generator g) => TensorArrays.ToArray(Parts.Prior.SampleUniform(1024, g));

    sealed class Chunk(PolicyDistilParts parts) : PolicyChunk
    {
        public override Tensor StudentBatch(int step, Generator g) => parts.Prior.SampleUniform(parts.Config.BatchSize, g);
    }
}
