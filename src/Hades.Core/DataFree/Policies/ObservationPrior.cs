using Hades.Core.Envs;
using Hades.Core.Envs.MinAtar;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// What a data-free policy student may know about the environment: the declared observation space plus documented
/// structural priors, and nothing else (no dynamics, no trajectories). A generator emits <see cref="RawSize"/>
/// unbounded numbers per sample; <see cref="Map"/> turns them into a valid-looking observation (differentiably), and
/// <see cref="SampleUniform"/> draws uniform random states of the same space (the "uniform" baseline).
/// <list type="bullet">
/// <item><b>cartpole</b> (box): x = 2.4·tanh(r₀), ẋ = 3·tanh(r₁), θ = 0.21·tanh(r₂), θ̇ = 3.5·tanh(r₃). The x and θ
/// bounds are the documented termination region (|x| &gt; 2.4, |θ| &gt; 12° end the episode); the velocities are
/// unbounded in the declared space, so their scales (±3 m/s, ±3.5 rad/s) are chosen.</item>
/// <item><b>acrobot</b> (angles): θ₁ = π·tanh(r₀), θ₂ = π·tanh(r₁) enter as (cos θ₁, sin θ₁, cos θ₂, sin θ₂), so
/// cos² + sin² = 1 always holds; θ̇₁ = 4π·tanh(r₂), θ̇₂ = 9π·tanh(r₃) (the declared velocity bounds).</item>
/// <item><b>MinAtar games</b> (binary grid): 10×10×C binary channels; the generator emits one logit per cell and
/// channel, and the observation is a straight-through Bernoulli sample: forward 1[u &lt; σ(r)], gradient of σ(r).
/// Uniform states: every cell and channel Bernoulli(½).</item>
/// <item>Any other discrete task whose declared bounds are all finite (e.g. mountaincar): low + (high − low)·(tanh(r) + 1)/2.</item>
/// </list>
/// </summary>
public abstract class ObservationPrior : IDisposable
{
    protected readonly KeptScalars Numbers = new(1.0, 2.0, 0.5);

    protected ObservationPrior(EnvSpec spec, int rawSize, string description)
    {
        Spec = spec;
        RawSize = rawSize;
        Description = description;
    }

    public EnvSpec Spec { get; }
    public int ObservationSize => Spec.ObservationSize;

    /// <summary>Generator outputs per sample.</summary>
    public int RawSize { get; }

    /// <summary>One line for logs and docs: the priors used.</summary>
    public string Description { get; }

    /// <summary>Pairs of observation dimensions (with axis names and ranges) for state scatter plots; empty for grid
    /// observations.</summary>
    public virtual IReadOnlyList<ScatterAxes> ScatterPairs => [];

    /// <summary>Channel names for grid observations (drawn as frames), else null.</summary>
    public virtual IReadOnlyList<string>? GridChannels => null;

    /// <summary>Observations [B, ObservationSize] from raw generator outputs [B, RawSize]; differentiable in
    /// <paramref name="raw"/>. <paramref name="generator"/> feeds stochastic maps (binary sampling).</summary>
    public abstract Tensor Map(Tensor raw, Generator generator);

    /// <summary>Uniform random states of the prior's space [n, ObservationSize].</summary>
    public abstract Tensor SampleUniform(int n, Generator generator);

    /// <summary>Whether one observation lies in the prior's space (bounds, structure), up to float rounding.</summary>
    public abstract bool Contains(ReadOnlySpan<float> observation);

    public void Dispose()
    {
        Numbers.Dispose();
        foreach (var t in Owned) t.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Constant tensors of the map, disposed with the prior.</summary>
    protected List<Tensor> Owned { get; } = [];

    /// <summary>The prior of a discrete-action task; throws <see cref="HadesUserException"/> for tasks without one.
    /// <paramref name="scale"/> widens (&gt; 1) or narrows the chosen ranges: every box half-width and velocity bound
    /// is multiplied by it (CartPole's x, ẋ, θ, θ̇; Acrobot's θ̇1, θ̇2; the declared box of other vector tasks, about its
    /// centre). Acrobot's angles always cover the circle, and binary grids have no range to scale (scale must be 1).</summary>
    public static ObservationPrior For(string task, double scale = 1.0)
    {
        var spec = TaskRegistry.Spec(task);
        if (!spec.IsDiscrete) throw new HadesUserException($"policy data-free distillation needs discrete actions; '{task}' has continuous actions");
        if (!(scale > 0) || !double.IsFinite(scale)) throw new HadesUserException($"prior_scale must be positive (got {scale})");
        float f = (float)scale;
        string widened = scale == 1.0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (ranges × {scale:0.###})");
        if (task == "cartpole")
        {
            float[] high = [2.4f * f, 3f * f, 0.21f * f, 3.5f * f];
            return new BoxPrior(spec, high, [.. high.Select(h => -h)],
                "cartpole: x = 2.4·tanh, ẋ = 3·tanh, θ = 0.21·tanh, θ̇ = 3.5·tanh (termination region for x and θ; chosen velocity scales)" + widened,
                [new(0, 2, "x", "theta"), new(1, 3, "x_dot", "theta_dot"), new(2, 3, "theta", "theta_dot")]);
        }
        if (task == "acrobot") return new AcrobotPrior(spec, f, widened);
        if (MinAtarTasks.ChannelNames(task) is { } channels)
        {
            if (scale != 1.0) throw new HadesUserException($"prior_scale must be 1 for the binary frames of '{task}'");
            return new BinaryGridPrior(spec, channels);
        }
        if (spec.ObservationLow.Concat(spec.ObservationHigh).All(float.IsFinite) && spec.ObservationLow.All(v => Math.Abs(v) < 1e30))
        {
            var centre = spec.ObservationLow.Zip(spec.ObservationHigh, (l, h) => (l + h) / 2).ToArray();
            var half = spec.ObservationLow.Zip(spec.ObservationHigh, (l, h) => (h - l) / 2 * f).ToArray();
            return new BoxPrior(spec, [.. centre.Zip(half, (c, h) => c + h)], [.. centre.Zip(half, (c, h) => c - h)],
                $"{task}: the declared box bounds, low + (high − low)·(tanh + 1)/2" + widened,
                spec.ObservationSize >= 2 ? [new(0, 1, "obs0", "obs1")] : []);
        }
        throw new HadesUserException($"no observation prior for task '{task}' (unbounded observations; priors exist for cartpole, acrobot, the MinAtar games and tasks with finite bounds)");
    }
}

/// <summary>Two observation dimensions to scatter against each other.</summary>
public sealed record ScatterAxes(int X, int Y, string XName, string YName);

/// <summary>Each dimension in [low, high] via (tanh + 1)/2.</summary>
sealed class BoxPrior : ObservationPrior
{
    readonly float[] low, high;
    readonly Tensor lowT, spanT;
    readonly IReadOnlyList<ScatterAxes> pairs;

    public BoxPrior(EnvSpec spec, float[] high, float[] low, string description, IReadOnlyList<ScatterAxes> pairs)
        : base(spec, spec.ObservationSize, description)
    {
        this.low = low; this.high = high; this.pairs = pairs;
        lowT = Hades.Core.Torch.TensorArrays.FromArray(low, low.Length);
        spanT = Hades.Core.Torch.TensorArrays.FromArray(high.Zip(low, (h, l) => h - l).ToArray(), low.Length);
        Owned.AddRange([lowT, spanT]);
    }

    public override IReadOnlyList<ScatterAxes> ScatterPairs => pairs;

    public override Tensor Map(Tensor raw, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        return FromUnit(raw.tanh().add(Numbers[0]).mul(Numbers[2])).MoveToOuterDisposeScope();
    }

    Tensor FromUnit(Tensor unit) => unit * spanT + lowT;

    public override Tensor SampleUniform(int n, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        return FromUnit(torch.rand(n, RawSize, generator: generator)).MoveToOuterDisposeScope();
    }

    public override bool Contains(ReadOnlySpan<float> observation)
    {
        for (int i = 0; i < observation.Length; i++)
            if (observation[i] < low[i] - 1e-5f || observation[i] > high[i] + 1e-5f) return false;
        return observation.Length == ObservationSize;
    }
}

/// <summary>Acrobot: two angles through cos/sin, velocities in the declared bounds.</summary>
sealed class AcrobotPrior : ObservationPrior
{
    readonly float[] Scales;
    readonly Tensor scale;

    public AcrobotPrior(EnvSpec spec, float velocityScale, string widened) : base(spec, 4,
        "acrobot: θ1, θ2 = π·tanh → (cos θ1, sin θ1, cos θ2, sin θ2); θ̇1 = 4π·tanh, θ̇2 = 9π·tanh (declared bounds)" + widened)
    {
        Scales = [MathF.PI, MathF.PI, 4 * MathF.PI * velocityScale, 9 * MathF.PI * velocityScale];
        scale = Hades.Core.Torch.TensorArrays.FromArray(Scales, 4);
        Owned.Add(scale);
    }

    public override IReadOnlyList<ScatterAxes> ScatterPairs =>
        [new(-1, -2, "theta1", "theta2"), new(4, 5, "theta1_dot", "theta2_dot"), new(-1, 4, "theta1", "theta1_dot")];

    public override Tensor Map(Tensor raw, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        return FromScaled(raw.tanh() * scale).MoveToOuterDisposeScope();
    }

    static Tensor FromScaled(Tensor s)
    {
        var a1 = s.narrow(1, 0, 1);
        var a2 = s.narrow(1, 1, 1);
        return torch.cat([a1.cos(), a1.sin(), a2.cos(), a2.sin(), s.narrow(1, 2, 2)], 1);
    }

    public override Tensor SampleUniform(int n, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var unit = torch.rand(n, 4, generator: generator).mul(Numbers[1]).sub(Numbers[0]);
        return FromScaled(unit * scale).MoveToOuterDisposeScope();
    }

    public override bool Contains(ReadOnlySpan<float> o)
    {
        if (o.Length != 6) return false;
        const float eps = 1e-4f;
        return Math.Abs(o[0] * o[0] + o[1] * o[1] - 1) < eps && Math.Abs(o[2] * o[2] + o[3] * o[3] - 1) < eps
            && Math.Abs(o[4]) <= Scales[2] + eps && Math.Abs(o[5]) <= Scales[3] + eps;
    }

    /// <summary>θ from (cos θ, sin θ) for plots: index −1 is θ1, −2 is θ2.</summary>
    public static float Coordinate(ReadOnlySpan<float> o, int index) => index switch
    {
        -1 => MathF.Atan2(o[1], o[0]),
        -2 => MathF.Atan2(o[3], o[2]),
        _ => o[index],
    };
}

/// <summary>MinAtar: binary 10×10×C frames by a straight-through Bernoulli step.</summary>
sealed class BinaryGridPrior : ObservationPrior
{
    readonly IReadOnlyList<string> channels;

    public BinaryGridPrior(EnvSpec spec, IReadOnlyList<string> channels) : base(spec, spec.ObservationSize,
        $"{spec.Name}: 10×10×{channels.Count} binary channels, straight-through Bernoulli(σ(logit)) per cell; uniform = Bernoulli(½)")
        => this.channels = channels;

    public override IReadOnlyList<string>? GridChannels => channels;

    public override Tensor Map(Tensor raw, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var p = raw.sigmoid();
        var hard = torch.rand(p.shape, generator: generator).lt(p).to(ScalarType.Float32);
        return (hard + (p - p.detach())).MoveToOuterDisposeScope(); // exactly binary forward, σ' backward
    }

    public override Tensor SampleUniform(int n, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        return torch.rand(n, RawSize, generator: generator).lt(Numbers[2]).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    public override bool Contains(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationSize) return false;
        foreach (float v in observation) if (v != 0f && v != 1f) return false;
        return true;
    }
}
