using Hades.Core.Policies;
using Hades.Core.Torch;
using Hades.Core.Training.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Core.Training;

/// <summary>
/// Trains B policies of one shape and activation in one batched pass when their learners differ in learning rate
/// and step count: member m takes <c>steps[m]</c> full-batch Adam steps at <c>learningRates[m]</c> (PyTorch's Adam
/// formula, element-wise, so one batched Adam is B independent ones) and is left untouched afterwards. A member's
/// result depends only on its own init, data, rate and step count, not on the other members of the batch.
/// </summary>
public static class MixedPolicyTrainer
{
    const double Beta1 = 0.9, Beta2 = 0.999;

    /// <param name="policies">Freshly initialised networks, updated in place.</param>
    /// <param name="states">[B, D, obs] inputs.</param>
    /// <param name="targets">[B, D, A] or [1, D, A] target distributions.</param>
    public static void Train(BatchedMlp policies, Tensor states, Tensor targets, IReadOnlyList<double> learningRates,
        IReadOnlyList<int> steps, double epsilon)
    {
        if (FusedMlpTrainer.Supports(policies, states, targets)) FusedMlpTrainer.Train(policies, states, targets, learningRates, steps, epsilon);
        else TrainWithAutograd(policies, states, targets, learningRates, steps, epsilon);
    }

    /// <summary>The batched libtorch version (any device).</summary>
    public static void TrainWithAutograd(BatchedMlp policies, Tensor states, Tensor targets, IReadOnlyList<double> learningRates,
        IReadOnlyList<int> steps, double epsilon)
    {
        int members = policies.Members;
        if (learningRates.Count != members || steps.Count != members) throw new ArgumentException("one learning rate and step count per member");
        var parameters = policies.Parameters().ToArray();
        var m = parameters.Select(p => torch.zeros_like(p)).ToArray();
        var v = parameters.Select(p => torch.zeros_like(p)).ToArray();
        using var lr = torch.tensor(learningRates.Select(x => (float)x).ToArray(), [members, 1, 1], device: states.device);
        using var pairs = new KeptScalars(states.shape[1], Beta1, 1 - Beta1, Beta2, 1 - Beta2, epsilon);
        int maxSteps = steps.Max();
        // one thread: these networks are small, and the subnormal flush below holds on this thread only
        using var threads = TorchThreads.Use(1);
        using var flush = new FlushDenormals();
        try
        {
            for (int step = 1; step <= maxSteps; step++)
            {
                using var scope = torch.NewDisposeScope();
                foreach (var p in parameters) p.grad?.zero_();
                var logProbs = torch.nn.functional.log_softmax(policies.Forward(states), -1);
                var loss = -(logProbs * targets).sum() / pairs[0];
                loss.backward();
                double correction1 = 1 - Math.Pow(Beta1, step), correction2 = 1 - Math.Pow(Beta2, step);
                // per-member step size lr/(1 − β1^t), zero for members past their step count
                var active = steps.Select(s => step <= s ? (float)(1 / correction1) : 0f).ToArray();
                var coefficient = lr * torch.tensor(active, [members, 1, 1], device: states.device);
                using var keep = new KeptScalars(Math.Sqrt(correction2));
                using var noGrad = torch.no_grad();
                for (int i = 0; i < parameters.Length; i++)
                {
                    var g = parameters[i].grad!;
                    m[i].mul_(pairs[1]).add_(g, alpha: pairs[2]);
                    v[i].mul_(pairs[3]).addcmul_(g, g, value: pairs[4]);
                    var denominator = (v[i].sqrt() / keep[0]).add_(pairs[5]);
                    parameters[i].sub_(m[i].div(denominator).mul_(coefficient));
                }
            }
        }
        finally
        {
            foreach (var t in m) t.Dispose();
            foreach (var t in v) t.Dispose();
        }
    }
}
