using Hades.Core.Policies;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;
using Hades.Core.Training.Cpu;

namespace Hades.Core.Training;

/// <summary>
/// Trains B policies on B datasets in one batched pass: member m of the <see cref="BatchedMlp"/> learns from
/// <c>states[m]</c>. Adam is element-wise, so one Adam over the batched tensors is exactly B independent Adams,
/// and the summed loss gives every member the gradient of its own mean cross-entropy. On the CPU the loop runs in
/// <see cref="FusedMlpTrainer"/> (the same arithmetic written out per member); elsewhere through libtorch's autograd.
/// </summary>
public static class PolicyTrainer
{
    /// <param name="policies">Freshly initialised networks, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="targets">[B, D, A] target distributions (one-hot for fixed labels) or [1, D, A] shared.</param>
    public static void Train(BatchedMlp policies, Tensor states, Tensor targets, InnerLoopSettings settings)
    {
        if (FusedMlpTrainer.Supports(policies, states, targets))
            FusedMlpTrainer.Train(policies, states, targets, Enumerable.Repeat(settings.LearningRate, policies.Members).ToArray(),
                Enumerable.Repeat(settings.Steps, policies.Members).ToArray(), settings.AdamEpsilon);
        else TrainWithAutograd(policies, states, targets, settings);
    }

    /// <summary>The batched libtorch version (any device): torch's Adam over the batched tensors.</summary>
    public static void TrainWithAutograd(BatchedMlp policies, Tensor states, Tensor targets, InnerLoopSettings settings)
    {
        using var optimizer = torch.optim.Adam(policies.Parameters(), lr: settings.LearningRate, eps: settings.AdamEpsilon);
        using var pairs = new KeptScalars(states.shape[1]);
        for (int step = 0; step < settings.Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var logits = policies.Forward(states);
            var logProbs = torch.nn.functional.log_softmax(logits, -1);
            // Σ_members mean_pairs CE: each member's gradient equals that of its own mean loss.
            var loss = -(logProbs * targets).sum() / pairs[0];
            loss.backward();
            optimizer.step();
        }
    }
}
