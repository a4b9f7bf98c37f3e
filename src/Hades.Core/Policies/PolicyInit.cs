using System.Text.Json.Serialization;
using Hades.Core.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Policies;

/// <summary>How fresh MLP weights are drawn (biases are always 0).</summary>
[JsonConverter(typeof(PolicyInitKindJson))]
public enum PolicyInitKind
{
    /// <summary>Hidden layers N(0, gain²/fan_in), output layer N(0, 0.01²/fan_in).</summary>
    Normal,
    /// <summary>The paper's (and its PPO code's) init: orthogonal with gain √2 on hidden layers, 0.01 on the output.</summary>
    Orthogonal,
}

/// <summary>The command-line / config.json names of <see cref="PolicyInitKind"/>, and the weight draws themselves.</summary>
public static class PolicyInitNames
{
    public const string Normal = "normal", Orthogonal = "orthogonal";

    public static readonly ConfigNames<PolicyInitKind> Names = new("policy-init",
        (PolicyInitKind.Normal, Normal, []), (PolicyInitKind.Orthogonal, Orthogonal, []));

    public static PolicyInitKind Parse(string text) => Names.Parse(text);

    /// <summary>One [fanIn, fanOut] weight matrix drawn from <paramref name="generator"/>. Orthogonal: the Q factor
    /// of a standard-normal matrix (signs fixed by R's diagonal, as torch and flax do) times the gain, so its
    /// rows or columns (whichever are fewer) are orthonormal up to the gain.</summary>
    public static Tensor Draw(PolicyInitKind kind, int fanIn, int fanOut, bool outputLayer, Activation activation, Generator generator)
    {
        if (kind == PolicyInitKind.Normal)
        {
            double std = (outputLayer ? 0.01 : activation.Gain()) / Math.Sqrt(fanIn);
            return torch.randn(fanIn, fanOut, generator: generator).mul_(std);
        }
        double gain = outputLayer ? 0.01 : Math.Sqrt(2);
        int rows = Math.Max(fanIn, fanOut), cols = Math.Min(fanIn, fanOut);
        using var scope = torch.NewDisposeScope();
        var flat = torch.randn(rows, cols, generator: generator, dtype: ScalarType.Float64);
        var (q, r) = torch.linalg.qr(flat);
        var signs = torch.sign(torch.diagonal(r));
        signs = torch.where(signs == 0, torch.ones_like(signs), signs);
        var w = (q * signs.unsqueeze(0)).mul(gain);
        if (fanIn < fanOut) w = w.t();
        return w.contiguous().to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}

sealed class PolicyInitKindJson() : ConfigNameConverter<PolicyInitKind>(PolicyInitNames.Names);
