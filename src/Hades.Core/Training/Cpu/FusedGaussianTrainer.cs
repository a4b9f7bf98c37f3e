using Hades.Core.Policies;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// The continuous-action inner loop (<see cref="GaussianPolicyTrainer"/>: Gaussian negative log-likelihood of the
/// action targets, a learned state-independent log-std, per-member global-norm clipping, PyTorch's Adam) written out by
/// hand for CPU float32 networks, member by member in the member's own buffers (<see cref="MemberTrainer"/>), as
/// <see cref="FusedMlpTrainer"/> does for discrete actions. A member's result depends only on its own init, data and
/// settings, so it is the same for any thread count and any batch.
/// </summary>
public static unsafe class FusedGaussianTrainer
{
    /// <summary>True when the networks, the log-std and the data can take the fused path (CPU float32).</summary>
    public static bool Supports(BatchedMlp policies, Tensor logStd, Tensor states, Tensor actions) =>
        FusedMlpTrainer.Supports(policies, states, actions) && logStd.device_type == DeviceType.CPU && logStd.dtype == ScalarType.Float32;

    /// <param name="policies">Mean networks, updated in place.</param>
    /// <param name="logStd">[B, 1, A] log standard deviations, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="actions">[B, D, A] action targets.</param>
    public static void Train(BatchedMlp policies, Parameter logStd, Tensor states, Tensor actions, InnerLoopSettings settings, int threads = 0)
    {
        int members = policies.Members;
        var shape = policies.Shape;
        int pairs = (int)states.shape[1], outputs = shape.Output;
        if (states.shape[0] != members || states.shape[2] != shape.Input) throw new ArgumentException("states must be [members, pairs, input]");
        if (actions.shape[0] != members || actions.shape[1] != pairs || actions.shape[2] != outputs) throw new ArgumentException("actions must be [members, pairs, output]");
        if (logStd.numel() != (long)members * outputs || !logStd.is_contiguous()) throw new ArgumentException("log-std must be a contiguous [members, 1, output]");
        using var stateData = states.contiguous();
        using var actionData = actions.contiguous();
        var weights = policies.Weights.Select(w => (Tensor)w.detach()).ToArray();
        var biases = policies.Biases.Select(b => (Tensor)b.detach()).ToArray();
        using var logStdData = logStd.detach();
        if (weights.Any(w => !w.is_contiguous()) || biases.Any(b => !b.is_contiguous())) throw new ArgumentException("policy parameters must be contiguous");
        try
        {
            var layout = new MemberLayout(shape, pairs);
            long statesPtr = FusedMlpTrainer.Address(stateData), actionsPtr = FusedMlpTrainer.Address(actionData), logStdPtr = FusedMlpTrainer.Address(logStdData);
            long[] wPtr = weights.Select(FusedMlpTrainer.Address).ToArray(), bPtr = biases.Select(FusedMlpTrainer.Address).ToArray();
            float lr = (float)settings.LearningRate, epsilon = (float)settings.AdamEpsilon, clip = (float)settings.GradClip;
            FusedMlpTrainer.ForEachMember(members, layout, threads, (trainer, m) =>
            {
                trainer.Load(wPtr, bPtr, m);
                var own = new Span<float>((float*)logStdPtr + (long)m * outputs, outputs);
                own.CopyTo(trainer.LogStd);
                float* x = (float*)statesPtr + (long)m * pairs * shape.Input;
                float* y = (float*)actionsPtr + (long)m * pairs * outputs;
                trainer.TrainGaussian(x, y, settings.Steps, lr, epsilon, clip);
                trainer.Store(wPtr, bPtr, m);
                trainer.LogStd.CopyTo(own);
            });
        }
        finally
        {
            foreach (var w in weights) w.Dispose();
            foreach (var b in biases) b.Dispose();
        }
    }
}
