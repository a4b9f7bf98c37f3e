using Hades.Core.Policies;
using Hades.Core.Training.Cpu;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hades.Core.Training;

/// <summary>
/// Continuous-action inner loop, as the paper's Brax policies: B Gaussian policies (mean = MLP output, learned
/// state-independent log-std, init 0) trained in one batched pass on Gaussian NLL of the dataset's action
/// targets, Adam, and per-member global-norm gradient clipping. On the CPU the loop runs in
/// <see cref="FusedGaussianTrainer"/> (the same arithmetic written out per member); elsewhere through libtorch's autograd.
/// </summary>
public static class GaussianPolicyTrainer
{
    /// <summary>A fresh log-std parameter [B, 1, A] of zeros.</summary>
    public static Parameter NewLogStd(int members, int actionSize, Device device) =>
        new(torch.zeros(members, 1, actionSize, device: device), requires_grad: true);

    /// <param name="policies">Freshly initialised mean networks, updated in place.</param>
    /// <param name="logStd">[B, 1, A] log standard deviations, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="actions">[B, D, A] action targets.</param>
    public static void Train(BatchedMlp policies, Parameter logStd, Tensor states, Tensor actions, InnerLoopSettings settings)
    {
        if (FusedGaussianTrainer.Supports(policies, logStd, states, actions)) FusedGaussianTrainer.Train(policies, logStd, states, actions, settings);
        else TrainWithAutograd(policies, logStd, states, actions, settings);
    }

    /// <summary>The batched libtorch version (any device): torch's Adam over the batched tensors.</summary>
    public static void TrainWithAutograd(BatchedMlp policies, Parameter logStd, Tensor states, Tensor actions, InnerLoopSettings settings)
    {
        var parameters = policies.Parameters().Append(logStd).ToArray();
        using var optimizer = torch.optim.Adam(parameters, lr: settings.LearningRate, eps: settings.AdamEpsilon);
        for (int step = 0; step < settings.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = Gaussian.SummedMeanNll(policies.Forward(states), logStd, actions);
            loss.backward();
            if (settings.GradClip > 0) GradientClipping.ClipPerMember(parameters, settings.GradClip);
            optimizer.step();
        }
    }
}
