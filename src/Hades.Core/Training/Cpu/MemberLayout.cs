using Hades.Core.Policies;

namespace Hades.Core.Training.Cpu;

/// <summary>Sizes and offsets of one member's flat parameter vector (W0, b0, W1, b1, …, as
/// <see cref="BatchedMlp.Flatten"/>) and of its training batch.</summary>
public sealed class MemberLayout
{
    public readonly int Pairs, Layers, Count, MaxWidth;
    public readonly int[] In, Out, WeightOffset, BiasOffset;
    public readonly Activation Activation;

    public MemberLayout(MlpShape shape, int pairs)
    {
        var layers = shape.Layers().ToArray();
        Pairs = pairs; Layers = layers.Length; Activation = shape.Activation;
        In = layers.Select(l => l.In).ToArray(); Out = layers.Select(l => l.Out).ToArray();
        WeightOffset = new int[Layers]; BiasOffset = new int[Layers];
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            WeightOffset[l] = offset; offset += In[l] * Out[l];
            BiasOffset[l] = offset; offset += Out[l];
        }
        Count = offset;
        MaxWidth = Math.Max(layers.Max(l => l.Out), layers.Max(l => l.In));
    }
}
