using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hades.Core.Random;

namespace Hades.Core.Envs.Mujoco;

/// <summary>How a MuJoCo task draws the initial velocities (positions are always uniform noise, as in Gymnasium).</summary>
public enum VelocityNoise
{
    /// <summary><c>init_qvel + uniform(-scale, scale)</c> (Hopper, Walker2d, Humanoid).</summary>
    Uniform,
    /// <summary><c>init_qvel + scale · standard_normal</c> (HalfCheetah, Ant, InvertedDoublePendulum).</summary>
    Normal,
}

/// <summary>
/// Shared machinery of the MuJoCo vector environments, following Gymnasium's <c>MujocoEnv</c>
/// (<c>gymnasium/envs/mujoco/mujoco_env.py</c>): one compiled <see cref="MujocoModel"/> shared read-only and one
/// <c>mjData</c> per instance; a step copies the (clipped) action into <c>ctrl</c>, runs <c>frame_skip</c>
/// <c>mj_step</c>s and then <c>mj_rnePostConstraint</c> (so <c>cfrc_ext</c> holds contact forces), all in one
/// native call per chunk of instances. The instances still running are split into up to <see cref="Threads"/>
/// equal chunks stepped in parallel; instances never share state, so results do not depend on the split.
/// <see cref="StepRange"/> and <see cref="ResetRange"/> step or reset one contiguous range on the calling thread
/// instead (several threads may work on disjoint ranges at once), with the same result per instance.
/// <list type="bullet">
/// <item>Actions: <c>Count × nu</c> floats, clipped to the actuators' ctrlrange before simulation and before the
/// control cost (Gymnasium charges the unclipped action; see docs/mujoco.md).</item>
/// <item>Reset: <c>qpos = qpos0 + uniform(-s, s)</c>, <c>qvel = uniform(-s, s)</c> or <c>s · normal</c> per
/// <see cref="VelocityNoise"/>; instance key k draws qpos[j] from <c>CounterRng.Uniform(Key(k, 0), j, -s, s)</c>
/// and qvel[j] from <c>Key(k, 1)</c> at counter j.</item>
/// <item>Truncation after <see cref="EnvSpec.MaxSteps"/> (1000) steps. No auto-reset: a done instance is not
/// simulated any more, keeps its observation and gets reward 0.</item>
/// </list>
/// </summary>
public abstract unsafe class MujocoVectorEnv : IRangeSteppedEnv, IDisposable
{
    /// <summary>Values drawn and written per reset (instances × (nq + nv + observation size)) from which those passes
    /// run in parallel chunks; below it they run on the calling thread (the same values either way).</summary>
    const long ParallelResetValues = 16384;

    readonly MujocoModel _model;
    IntPtr* _datas;
    readonly int _chunks;
    readonly double[] _records;     // Count × Layout.Size, pinned
    readonly double[] _before;      // Count × Layout.Size, pinned: each instance's record before the current step
    readonly double[] _ctrl;        // Count × nu, pinned
    readonly int[] _running;        // Count, pinned: indices of the instances stepped now (a range's from its first slot)
    readonly float[] _observations; // Count × ObservationSize
    readonly float[] _rewards;
    readonly int[] _steps;
    readonly bool[] _done;
    readonly ulong[] _resetKeys;    // Count: each instance's key at its latest reset
    readonly double[] _resetQpos, _resetQvel; // Count × nq, Count × nv: each instance's drawn start
    long _nativeBytes;
    bool _disposed;

    /// <param name="modelName">Embedded model (<c>Models/NAME.xml</c>).</param>
    /// <param name="count">Number of instances.</param>
    /// <param name="frameSkip">mj_steps per environment step.</param>
    /// <param name="fields">mjData fields the task reads (see <see cref="RecordLayout"/>).</param>
    /// <param name="threads">Parallel chunks per step; null or 0: one per processor.</param>
    private protected MujocoVectorEnv(string modelName, int count, int frameSkip, MujocoNative.Field fields, int? threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameSkip);
        MujocoNative.EnsureAvailable();
        Count = count;
        FrameSkip = frameSkip;
        Threads = threads is null or <= 0 ? Environment.ProcessorCount : threads.Value;
        _chunks = Math.Min(Threads, count);
        _model = MujocoModel.FromResource(modelName);
        Layout = new RecordLayout(_model, fields);
        _datas = (IntPtr*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(IntPtr));
        if (MujocoNative.hm_make_datas(_model.Handle, _datas, count) != 0)
        {
            NativeMemory.Free(_datas);
            _datas = null;
            _model.Dispose();
            throw new OutOfMemoryException($"MuJoCo could not allocate {count} mjData instances for '{modelName}'");
        }
        // Tell the GC about the native mjData memory so undisposed environments are finalised in time.
        _nativeBytes = MujocoNative.hm_data_bytes(_model.Handle) * count;
        GC.AddMemoryPressure(_nativeBytes);
        _records = GC.AllocateArray<double>(count * Layout.Size, pinned: true);
        _before = GC.AllocateArray<double>(count * Layout.Size, pinned: true);
        _ctrl = GC.AllocateArray<double>(count * _model.Nu, pinned: true);
        _running = GC.AllocateArray<int>(count, pinned: true);
        _resetKeys = new ulong[count];
        _resetQpos = new double[count * _model.Nq];
        _resetQvel = new double[count * _model.Nv];
        _steps = new int[count];
        _done = new bool[count];
        _rewards = new float[count];
        // Spec is abstract: read it after the fields above are set (subclasses return a static spec).
        _observations = new float[count * Spec.ObservationSize];
        if (Spec.ActionSize != _model.Nu)
            throw new InvalidOperationException($"{Spec.Name}: model has {_model.Nu} actuators, spec says {Spec.ActionSize}");
    }

    public abstract EnvSpec Spec { get; }

    public int Count { get; }

    /// <summary>mj_steps per environment step.</summary>
    public int FrameSkip { get; }

    /// <summary>Number of parallel chunks a step is split into.</summary>
    public int Threads { get; }

    /// <summary>Environment step length: <c>timestep · frame_skip</c> (Gymnasium's <c>dt</c>).</summary>
    public double Dt => _model.Timestep * FrameSkip;

    public MujocoModel Model => _model;

    public RecordLayout Layout { get; }

    /// <summary>Reset noise scale (Gymnasium's <c>reset_noise_scale</c>).</summary>
    protected abstract double ResetNoiseScale { get; }

    protected abstract VelocityNoise VelocityNoise { get; }

    /// <summary>Writes the observation of one instance from its record.</summary>
    protected abstract void WriteObservation(ReadOnlySpan<double> record, Span<float> observation);

    /// <summary>Reward of one step from the records before and after it and the clipped action; sets
    /// <paramref name="terminated"/> when the new state ends the episode. Called concurrently for different instances.</summary>
    protected abstract double Evaluate(ReadOnlySpan<double> before, ReadOnlySpan<double> after, ReadOnlySpan<double> action,
        out bool terminated);

    public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BufferChecks.Reset(Count, Spec.ObservationSize, instanceKeys, observations);
        instanceKeys.CopyTo(_resetKeys);
        // drawing the starts and writing the first observations are a few hundred operations per instance: in
        // parallel only when there are enough of them to pay for waking another thread
        bool parallel = (long)Count * (_model.Nq + _model.Nv + Spec.ObservationSize) >= ParallelResetValues;
        ForEachChunk(DrawResetStates, parallel: parallel);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        ForEachChunk(ResetNative);
        PhysicsClock.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
        ForEachChunk(WriteResetObservations, parallel: parallel);
        _observations.CopyTo(observations);
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BufferChecks.Step(Count, Spec.ObservationSize, actions, observations, rewards, done, _model.Nu);
        int running = CollectRunning(0, Count, actions);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        ForEachChunk(StepRunning, running);
        PhysicsClock.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
        CopyOut(0, Count, observations, rewards, done);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long ResetRange(int begin, int end, ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BufferChecks.Reset(Count, Spec.ObservationSize, instanceKeys, observations);
        CheckRange(begin, end);
        instanceKeys[begin..end].CopyTo(_resetKeys.AsSpan(begin));
        DrawResetStates(begin, end);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        ResetNative(begin, end);
        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        WriteResetObservations(begin, end);
        int obs = Spec.ObservationSize;
        _observations.AsSpan(begin * obs, (end - begin) * obs).CopyTo(observations.Slice(begin * obs));
        return ticks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long StepRange(int begin, int end, ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BufferChecks.Step(Count, Spec.ObservationSize, actions, observations, rewards, done, _model.Nu);
        CheckRange(begin, end);
        // the range's running instances are listed in _running[begin ..): ranges stepped at once do not overlap
        int running = CollectRunning(begin, end, actions);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        StepRunning(begin, begin + running);
        long ticks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        CopyOut(begin, end, observations, rewards, done);
        return ticks;
    }

    void CheckRange(int begin, int end)
    {
        if (begin < 0 || end > Count || begin > end) throw new ArgumentOutOfRangeException(nameof(begin), $"range [{begin}, {end}) is not within the {Count} instances");
    }

    /// <summary>Lists the instances of [begin, end) that are not done in _running[begin ..) and clips their actions
    /// into ctrl; the done ones get reward 0. Returns how many run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    int CollectRunning(int begin, int end, ReadOnlySpan<float> actions)
    {
        int nu = _model.Nu, count = 0;
        for (int i = begin; i < end; i++)
        {
            if (_done[i])
            {
                _rewards[i] = 0f;
                continue;
            }
            _running[begin + count++] = i;
            for (int k = 0; k < nu; k++)
            {
                float a = actions[i * nu + k];
                if (!float.IsFinite(a)) throw new ArgumentException($"action {k} of instance {i} is {a}", nameof(actions));
                _ctrl[i * nu + k] = Math.Clamp(a, _model.CtrlLow[k], _model.CtrlHigh[k]);
            }
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void CopyOut(int begin, int end, Span<float> observations, Span<float> rewards, Span<byte> done)
    {
        int obs = Spec.ObservationSize;
        _observations.AsSpan(begin * obs, (end - begin) * obs).CopyTo(observations.Slice(begin * obs));
        _rewards.AsSpan(begin, end - begin).CopyTo(rewards.Slice(begin));
        for (int i = begin; i < end; i++) done[i] = _done[i] ? (byte)1 : (byte)0;
    }

    /// <summary>Runs <paramref name="body"/> on [0, n) split into up to <see cref="Threads"/> contiguous chunks, in parallel.</summary>
    void ForEachChunk(Action<int, int> body, int? n = null, bool parallel = true)
    {
        int total = n ?? Count;
        int chunks = parallel ? Math.Min(_chunks, total) : 1;
        if (chunks <= 1)
        {
            if (total > 0) body(0, total);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            int begin = (int)((long)total * c / chunks), end = (int)((long)total * (c + 1) / chunks);
            body(begin, end);
        });
    }

    /// <summary>Each instance's start from its key: qpos = qpos0 + noise, qvel = noise (outside the physics clock).</summary>
    void DrawResetStates(int begin, int end)
    {
        int nq = _model.Nq, nv = _model.Nv;
        double s = ResetNoiseScale;
        for (int i = begin; i < end; i++)
        {
            ulong posKey = CounterRng.Key(_resetKeys[i], 0), velKey = CounterRng.Key(_resetKeys[i], 1);
            for (int j = 0; j < nq; j++) _resetQpos[i * nq + j] = _model.Qpos0[j] + CounterRng.Uniform(posKey, (ulong)j, -s, s);
            for (int j = 0; j < nv; j++)
                _resetQvel[i * nv + j] = VelocityNoise == VelocityNoise.Normal
                    ? s * CounterRng.Normal(velKey, (ulong)j)
                    : CounterRng.Uniform(velKey, (ulong)j, -s, s);
        }
    }

    /// <summary>MuJoCo's reset of each instance to its drawn start (<c>mj_resetData</c>, the state, <c>mj_forward</c>
    /// and the record, in one native call each): the part of a reset that <see cref="PhysicsClock"/> counts.</summary>
    void ResetNative(int begin, int end)
    {
        int nq = _model.Nq, nv = _model.Nv;
        for (int i = begin; i < end; i++) ResetInstance(i, _resetQpos.AsSpan(i * nq, nq), _resetQvel.AsSpan(i * nv, nv));
    }

    void ResetInstance(int i, ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        fixed (double* q = qpos)
        fixed (double* v = qvel)
        fixed (double* r = &_records[i * Layout.Size])
            MujocoNative.hm_reset(_model.Handle, _datas[i], q, v, (int)Layout.Fields, r);
        _steps[i] = 0;
        _done[i] = false;
        _rewards[i] = 0f;
    }

    void WriteResetObservations(int begin, int end)
    {
        int size = Layout.Size, obs = Spec.ObservationSize;
        for (int i = begin; i < end; i++) WriteObservation(_records.AsSpan(i * size, size), _observations.AsSpan(i * obs, obs));
    }

    /// <summary>Steps the running instances _running[begin..end): the split balances only what still runs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void StepRunning(int begin, int end)
    {
        int size = Layout.Size, nu = _model.Nu, obs = Spec.ObservationSize, maxSteps = Spec.MaxSteps;
        for (int j = begin; j < end; j++)
        {
            int i = _running[j];
            Array.Copy(_records, i * size, _before, i * size, size);
        }
        fixed (double* ctrl = _ctrl)
        fixed (int* running = _running)
        fixed (double* records = _records)
            MujocoNative.hm_step_indices(_model.Handle, _datas, running + begin, end - begin, ctrl, FrameSkip,
                (int)Layout.Fields, records);
        for (int j = begin; j < end; j++)
        {
            int i = _running[j];
            var after = new ReadOnlySpan<double>(_records, i * size, size);
            _rewards[i] = (float)Evaluate(new ReadOnlySpan<double>(_before, i * size, size), after,
                new ReadOnlySpan<double>(_ctrl, i * nu, nu), out bool terminated);
            _done[i] = terminated || ++_steps[i] >= maxSteps;
            WriteObservation(after, _observations.AsSpan(i * obs, obs));
        }
    }

    /// <summary>Test hook: puts instance <paramref name="instance"/> into state (qpos, qvel), restarts its episode
    /// and writes its observation to <paramref name="observation"/>.</summary>
    internal void SetState(int instance, ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel, Span<float> observation)
    {
        BufferChecks.Length(qpos.Length, _model.Nq, nameof(qpos));
        BufferChecks.Length(qvel.Length, _model.Nv, nameof(qvel));
        ResetInstance(instance, qpos, qvel);
        int obs = Spec.ObservationSize;
        WriteObservation(Record(instance), _observations.AsSpan(instance * obs, obs));
        _observations.AsSpan(instance * obs, obs).CopyTo(observation);
    }

    /// <summary>Test hook: the latest record of one instance.</summary>
    internal ReadOnlySpan<double> Record(int instance) => new(_records, instance * Layout.Size, Layout.Size);

    /// <summary>Test hook: MuJoCo's warning count (instability, contact overflow, ...) of one instance since its reset.</summary>
    internal int Warnings(int instance) => MujocoNative.hm_warnings(_datas[instance]);

    /// <summary>Simulated time of one instance since its reset.</summary>
    internal double Time(int instance) => MujocoNative.hm_time(_datas[instance]);

    /// <summary>Gymnasium's <c>state_vector()</c> slice check: every value strictly inside (low, high).</summary>
    protected static bool AllInside(ReadOnlySpan<double> values, double low, double high)
    {
        foreach (double v in values)
            if (!(v > low && v < high)) return false;
        return true;
    }

    protected static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Sum of squares (Gymnasium's <c>np.sum(np.square(x))</c>).</summary>
    protected static double SquaredNorm(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values) s += v * v;
        return s;
    }

    /// <summary>An unbounded observation space of <paramref name="size"/> features, continuous actions in ctrlrange.</summary>
    protected static EnvSpec ContinuousSpec(string name, int observationSize, int actionSize, float actionBound) =>
        new(name, observationSize,
            Enumerable.Repeat(-float.MaxValue, observationSize).ToArray(),
            Enumerable.Repeat(float.MaxValue, observationSize).ToArray(),
            ActionCount: 0, ActionSize: actionSize, MaxSteps: 1000)
        {
            ActionLow = Enumerable.Repeat(-actionBound, actionSize).ToArray(),
            ActionHigh = Enumerable.Repeat(actionBound, actionSize).ToArray(),
        };

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~MujocoVectorEnv() => Free();

    void Free()
    {
        if (_disposed) return;
        _disposed = true;
        if (_datas != null)   // null when the constructor failed before or while allocating
        {
            MujocoNative.hm_free_datas(_datas, Count);
            NativeMemory.Free(_datas);
            _datas = null;
        }
        if (_nativeBytes > 0) GC.RemoveMemoryPressure(_nativeBytes);
        _nativeBytes = 0;
        _model?.Dispose();
    }
}
