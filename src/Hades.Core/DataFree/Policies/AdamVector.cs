using Hades.Core.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>A flat parameter vector with its Adam moments and step count (state arrays <c>name</c>, <c>name_m</c>,
/// <c>name_v</c>, <c>name_adam_steps</c>), as tensors for one <see cref="PolicyDistilJob.Advance"/>.</summary>
public sealed class AdamVector(float[] theta, float[] m, float[] v, long steps) : IDisposable
{
    const double MaxGradNorm = 10, AdamEpsilon = 1e-8;

    public Tensor Theta { get; } = TensorArrays.FromArray(theta, theta.Length).requires_grad_(true);
    readonly Tensor moment1 = TensorArrays.FromArray(m, m.Length), moment2 = TensorArrays.FromArray(v, v.Length);
    long steps = steps;

    public static AdamVector From(DistilState s, string name) =>
        new(s.Floats(name), s.Floats(name + "_m"), s.Floats(name + "_v"), s.Longs(name + "_adam_steps")[0]);

    /// <summary>The arrays of a fresh vector (zero moments, no steps), in the order a state holds them.</summary>
    public static void AddInitial(List<Datasets.Npz.Named> arrays, string name, float[] theta)
    {
        arrays.Add(Datasets.Npz.Named.Floats(name, [theta.Length], theta));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_m", [theta.Length], new float[theta.Length]));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_v", [theta.Length], new float[theta.Length]));
        arrays.Add(Datasets.Npz.Named.Longs(name + "_adam_steps", [], [0]));
    }

    /// <summary>New weights and fresh Adam moments (a generator restart).</summary>
    public void Reset(float[] theta)
    {
        using var noGrad = torch.no_grad();
        using var t = TensorArrays.FromArray(theta, theta.Length);
        Theta.copy_(t);
        moment1.zero_(); moment2.zero_();
        steps = 0;
    }

    /// <summary>One Adam step on the gradient accumulated in <see cref="Theta"/> (clipped to norm 10), which it then clears.</summary>
    public void Step(double learningRate)
    {
        using var grad = Theta.grad!;
        using var norm = FlatAdam.Step(Theta, grad, moment1, moment2, ++steps, learningRate, AdamEpsilon, MaxGradNorm);
        grad.zero_();
    }

    public void Save(List<Datasets.Npz.Named> arrays, string name)
    {
        var theta = TensorArrays.ToArray(Theta);
        arrays.Add(Datasets.Npz.Named.Floats(name, [theta.Length], theta));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_m", [theta.Length], TensorArrays.ToArray(moment1)));
        arrays.Add(Datasets.Npz.Named.Floats(name + "_v", [theta.Length], TensorArrays.ToArray(moment2)));
        arrays.Add(Datasets.Npz.Named.Longs(name + "_adam_steps", [], [steps]));
    }

    public void Dispose() { Theta.Dispose(); moment1.Dispose(); moment2.Dispose(); }
}
