namespace Hades.Core.Baselines.Ppo;

/// <summary>
/// Generalised advantage estimation (Schulman et al. 2016, "High-Dimensional Continuous Control Using
/// Generalized Advantage Estimation"), for T steps of N instances stored step-major ([T, N], index t·N + i):
/// δ_t = r_t + γ·V(s_{t+1})·(1 − d_t) − V(s_t) and A_t = δ_t + γλ·(1 − d_t)·A_{t+1}, where d_t = 1 when the
/// episode ended at step t. V(s_{t+1}) is <c>values</c> of step t + 1, or <c>lastValues</c> after the last step.
/// Value targets are A_t + V(s_t). Truncated episodes are bootstrapped by the caller, by adding γ·V(final
/// observation) to the reward of the truncating step.
/// </summary>
public static class Gae
{
    public static (float[] Advantages, float[] Returns) Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values,
        ReadOnlySpan<byte> dones, ReadOnlySpan<float> lastValues, int steps, int envs, double gamma, double lambda)
    {
        int n = steps * envs;
        if (rewards.Length != n || values.Length != n || dones.Length != n || lastValues.Length != envs)
            throw new ArgumentException($"GAE expects [{steps}, {envs}] rewards, values and dones and [{envs}] last values");
        var advantages = new float[n];
        var returns = new float[n];
        for (int i = 0; i < envs; i++)
        {
            double next = 0, nextValue = lastValues[i];
            for (int t = steps - 1; t >= 0; t--)
            {
                int k = t * envs + i;
                double notDone = dones[k] != 0 ? 0.0 : 1.0;
                double delta = rewards[k] + gamma * nextValue * notDone - values[k];
                next = delta + gamma * lambda * notDone * next;
                advantages[k] = (float)next;
                returns[k] = (float)(next + values[k]);
                nextValue = values[k];
            }
        }
        return (advantages, returns);
    }
}
