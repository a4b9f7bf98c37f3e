using Hades.Core.Random;

namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// What the five MinAtar-style games share (Young &amp; Tian 2019, arXiv 1903.03176; the games follow MinAtar's
/// rules as gymnax implements them, in our own code; no MinAtar code is used): a 10×10 grid, binary observations of
/// C channels (gymnax's channel order) flattened in row-major H, W, C order (index <c>(row·10 + col)·C + channel</c>), sticky actions, a per-instance random stream, and the
/// done/truncation bookkeeping of <see cref="IVectorEnv"/>.
/// <list type="bullet">
/// <item>Sticky actions (as MinAtar's <c>Environment.act</c>): on every step, with probability
/// <see cref="StickyProbability"/> the previously executed action is executed instead of the chosen one (the previous
/// action is no-op at the start of an episode). The draw for step t of an instance is
/// <c>CounterRng.Uniform(Key(instanceKey, 2), t)</c>. Default 0 (the paper's setting, <see cref="MinAtarOptions"/>).</item>
/// <item>Difficulty ramping (<see cref="Ramping"/>, default on as in MinAtar and gymnax): each game documents what it
/// ramps.</item>
/// <item>Game randomness (initial positions, spawns, speeds) comes from <c>CounterRng.Uniform(Key(instanceKey, 1),
/// n)</c> with n the instance's draw counter, so an instance's trajectory depends only on its key and its actions,
/// never on how many instances are stepped together.</item>
/// <item>Actions are rounded to the nearest index and clamped to [0, ActionCount − 1].</item>
/// <item>An episode ends when the game terminates or after <see cref="EnvSpec.MaxSteps"/> steps; a done instance
/// keeps its last observation, gets reward 0 and stays done (no auto-reset).</item>
/// </list>
/// </summary>
public abstract class MinAtarEnv : IVectorEnv
{
    /// <summary>Side of the square grid.</summary>
    public const int Size = 10;

    /// <summary>Hades's default sticky-action probability: 0, the paper's setting (see <see cref="MinAtarOptions"/>).</summary>
    public const double DefaultStickyProbability = 0.0;

    /// <summary>MinAtar's own library default (<c>sticky_action_prob=0.1</c>), for comparison with MinAtar's results.</summary>
    public const double MinAtarLibraryStickyProbability = 0.1;

    const ulong GameStream = 1, StickyStream = 2;

    readonly ulong[] _gameKey;
    readonly ulong[] _stickyKey;
    readonly ulong[] _draws;
    readonly int[] _steps;
    readonly int[] _lastAction;
    readonly bool[] _done;
    readonly int _channels;

    /// <param name="count">Number of instances.</param>
    /// <param name="spec">The game's spec (ObservationSize = 100 · channels).</param>
    /// <param name="stickyProbability">Probability in [0, 1] of repeating the previous action.</param>
    /// <param name="ramping">Whether the game's difficulty ramps up during an episode.</param>
    protected MinAtarEnv(int count, EnvSpec spec, double stickyProbability, bool ramping)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(stickyProbability >= 0 && stickyProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(stickyProbability), stickyProbability,
                "The sticky-action probability must lie in [0, 1].");
        Count = count;
        Spec = spec;
        StickyProbability = stickyProbability;
        Ramping = ramping;
        _channels = spec.ObservationSize / (Size * Size);
        _gameKey = new ulong[count];
        _stickyKey = new ulong[count];
        _draws = new ulong[count];
        _steps = new int[count];
        _lastAction = new int[count];
        _done = new bool[count];
    }

    public EnvSpec Spec { get; }

    public int Count { get; }

    /// <summary>Probability of executing the previous action instead of the chosen one.</summary>
    public double StickyProbability { get; }

    /// <summary>Whether difficulty ramping is on.</summary>
    public bool Ramping { get; }

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        BufferChecks.Reset(Count, Spec.ObservationSize, instanceKeys, observations);
        for (int i = 0; i < Count; i++)
        {
            _gameKey[i] = CounterRng.Key(instanceKeys[i], GameStream);
            _stickyKey[i] = CounterRng.Key(instanceKeys[i], StickyStream);
            _draws[i] = 0;
            _steps[i] = 0;
            _lastAction[i] = 0;
            _done[i] = false;
            ResetInstance(i);
            WriteObservation(i, observations);
        }
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        BufferChecks.Step(Count, Spec.ObservationSize, actions, observations, rewards, done);
        int maxAction = Spec.ActionCount - 1;
        for (int i = 0; i < Count; i++)
        {
            if (_done[i])
            {
                rewards[i] = 0f;
                done[i] = 1;
                WriteObservation(i, observations);
                continue;
            }

            float chosen = actions[i];
            int action = float.IsNaN(chosen) ? 0 : (int)Math.Clamp(MathF.Round(chosen), 0, maxAction);
            if (StickyProbability > 0 && CounterRng.Uniform(_stickyKey[i], (ulong)_steps[i]) < StickyProbability)
                action = _lastAction[i];
            _lastAction[i] = action;

            rewards[i] = StepInstance(i, action, out bool terminal);
            _steps[i]++;
            _done[i] = terminal || _steps[i] >= Spec.MaxSteps;
            done[i] = _done[i] ? (byte)1 : (byte)0;
            WriteObservation(i, observations);
        }
    }

    /// <summary>Puts instance <paramref name="instance"/> into its initial state (its random stream is fresh).</summary>
    protected abstract void ResetInstance(int instance);

    /// <summary>Advances one instance by one frame with the executed <paramref name="action"/>; returns the reward.</summary>
    protected abstract float StepInstance(int instance, int action, out bool terminal);

    /// <summary>Marks the instance's objects in <paramref name="grid"/> (cleared beforehand) with <see cref="Mark"/>.</summary>
    protected abstract void Render(int instance, Span<float> grid);

    /// <summary>Next uniform [0, 1) draw of the instance's game stream.</summary>
    protected double NextUniform(int instance) => CounterRng.Uniform(_gameKey[instance], _draws[instance]++);

    /// <summary>Next uniform integer in [0, <paramref name="n"/>) of the instance's game stream.</summary>
    protected int NextInt(int instance, int n) => Math.Min(n - 1, (int)(NextUniform(instance) * n));

    /// <summary>Sets channel <paramref name="channel"/> of cell (row, col) to 1; cells off the grid are ignored.</summary>
    protected void Mark(Span<float> grid, int row, int col, int channel)
    {
        if ((uint)row < Size && (uint)col < Size) grid[(row * Size + col) * _channels + channel] = 1f;
    }

    void WriteObservation(int instance, Span<float> observations)
    {
        var grid = observations.Slice(instance * Spec.ObservationSize, Spec.ObservationSize);
        grid.Clear();
        Render(instance, grid);
    }

    /// <summary>Test hook: rewrites every instance's observation from its current state (after a state edit).</summary>
    internal void Observe(Span<float> observations)
    {
        BufferChecks.Length(observations.Length, Count * Spec.ObservationSize, nameof(observations));
        for (int i = 0; i < Count; i++) WriteObservation(i, observations);
    }

    /// <summary>Test hook: the action executed on the instance's last step (after sticky actions).</summary>
    internal int LastExecutedAction(int instance) => _lastAction[instance];

    /// <summary>Test hook: steps taken in the instance's current episode.</summary>
    internal int StepsTaken(int instance) => _steps[instance];

    /// <summary>Test hook: game-stream draws used so far by the instance.</summary>
    internal ulong DrawsUsed(int instance) => _draws[instance];
}

/// <summary>Specs of the MinAtar-style games: binary 10×10×C observations and a minimal discrete action set.</summary>
internal static class MinAtarSpec
{
    public static EnvSpec Create(string name, int channels, int actions, int maxSteps)
    {
        int size = MinAtarEnv.Size * MinAtarEnv.Size * channels;
        return new EnvSpec(
            Name: name,
            ObservationSize: size,
            ObservationLow: new float[size],
            ObservationHigh: Enumerable.Repeat(1f, size).ToArray(),
            ActionCount: actions,
            ActionSize: 1,
            MaxSteps: maxSteps);
    }
}
