using System.Runtime.CompilerServices;
using Hades.Core.Random;

namespace Hades.Core.Training;

/// <summary>
/// The step-budget protocols' accounts, one per instance (slot): the steps it has used, whether it plays in this
/// round, its current episode's return and its finished episodes. Every method works on a range of instances
/// [first, end), so that one policy's slots can be kept apart from another's (a rollout may play its policies on
/// several threads at once, each in its own range).
/// </summary>
sealed class StepBudgetBook(int instances, int envsPerPolicy, int budget, ulong episodeSeed, bool commonStarts)
{
    readonly long[] used = new long[instances];
    readonly double[] episodeReturn = new double[instances], lastFinished = new double[instances], finishedSum = new double[instances];
    readonly long[] finishedCount = new long[instances];

    /// <summary>Each instance's key for the current round's reset.</summary>
    public ulong[] Keys { get; } = new ulong[instances];

    /// <summary>Whether each instance's steps count in the current round.</summary>
    public bool[] Playing { get; } = new bool[instances];

    public bool HasBudget(int first, int end)
    {
        for (int i = first; i < end; i++) if (used[i] < budget) return true;
        return false;
    }

    public bool AnyPlaying(int first, int end)
    {
        for (int i = first; i < end; i++) if (Playing[i]) return true;
        return false;
    }

    /// <summary>Round r of slot i starts from <c>CounterRng.Key(episodeSeed, i, r)</c> (slot i mod E with common
    /// starts); a slot with budget left plays it.</summary>
    public void StartRound(int first, int end, ulong round)
    {
        for (int i = first; i < end; i++)
        {
            Keys[i] = CounterRng.Key(episodeSeed, (ulong)(commonStarts ? i % envsPerPolicy : i), round);
            Playing[i] = used[i] < budget;
            episodeReturn[i] = 0;
        }
    }

    /// <summary>One step's rewards and done flags for the playing instances; <paramref name="lastStep"/>: the
    /// environment's step limit ends every episode now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(int first, int end, bool lastStep, float[] rewards, byte[] done)
    {
        for (int i = first; i < end; i++)
        {
            if (!Playing[i]) continue;
            used[i]++;
            episodeReturn[i] += rewards[i];
            if (done[i] != 0 || lastStep)
            {
                Playing[i] = false;
                lastFinished[i] = episodeReturn[i];
                finishedSum[i] += episodeReturn[i];
                finishedCount[i]++;
            }
            else if (used[i] >= budget) Playing[i] = false;
        }
    }

    /// <summary>Each policy's score: the mean over its slots of their last finished episode (0 for a slot with none),
    /// or the mean of all its finished episodes.</summary>
    public RolloutResult Result(int policies, FitnessProtocol kind)
    {
        int e = envsPerPolicy;
        var result = new RolloutResult(new float[policies], new long[policies], new double[policies], new long[policies]);
        for (int m = 0; m < policies; m++)
        {
            double lastSum = 0;
            for (int k = 0; k < e; k++)
            {
                int i = m * e + k;
                lastSum += finishedCount[i] > 0 ? lastFinished[i] : 0;
                result.Steps[m] += used[i];
                result.FinishedReturnSum[m] += finishedSum[i];
                result.FinishedEpisodes[m] += finishedCount[i];
            }
            result.Returns[m] = kind == FitnessProtocol.LastFinished
                ? (float)(lastSum / e)
                : result.FinishedEpisodes[m] > 0 ? (float)(result.FinishedReturnSum[m] / result.FinishedEpisodes[m]) : 0f;
        }
        return result;
    }
}
