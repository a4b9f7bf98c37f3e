using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Policies;

public enum Activation { Tanh, Relu }

public static class ActivationExtensions
{
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.Tanh => x.tanh(),
        Activation.Relu => x.relu(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>Kaiming-style gain for the activation (PyTorch's calculate_gain).</summary>
    public static double Gain(this Activation activation) => activation switch
    {
        Activation.Tanh => 5.0 / 3.0,
        Activation.Relu => Math.Sqrt(2.0),
        _ => 1.0,
    };

    public static Activation Parse(string text) => text.ToLowerInvariant() switch
    {
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        _ => throw new HadesUserException($"unknown activation '{text}' (expected tanh or relu)"),
    };
}
