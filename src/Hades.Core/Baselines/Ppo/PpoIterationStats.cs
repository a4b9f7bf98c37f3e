namespace Hades.Core.Baselines.Ppo;

/// <summary>What one PPO iteration did.</summary>
/// <param name="Iteration">Iterations completed after this one.</param>
/// <param name="EnvSteps">Environment steps so far (all instances), this iteration's included.</param>
/// <param name="EpisodesFinished">Episodes that ended (terminated or truncated) during this iteration's rollout.</param>
/// <param name="MeanEpisodeReturn">Mean undiscounted, unscaled return of those episodes; NaN when none ended.</param>
/// <param name="MeanEpisodeLength">Mean length of those episodes; NaN when none ended.</param>
/// <param name="PolicyLoss">Clipped-surrogate loss, mean over the minibatch updates.</param>
/// <param name="ValueLoss">0.5·mean((V − R)²), mean over the updates.</param>
/// <param name="Entropy">Policy entropy, mean over the updates.</param>
/// <param name="ApproxKl">Mean of (r − 1) − log r over the updates (Schulman's k3 estimator).</param>
/// <param name="ClipFraction">Fraction of samples whose ratio left [1 − ε, 1 + ε].</param>
/// <param name="LearningRate">Learning rate used.</param>
public sealed record PpoIterationStats(
    int Iteration,
    long EnvSteps,
    int EpisodesFinished,
    double MeanEpisodeReturn,
    double MeanEpisodeLength,
    double PolicyLoss,
    double ValueLoss,
    double Entropy,
    double ApproxKl,
    double ClipFraction,
    double LearningRate);
