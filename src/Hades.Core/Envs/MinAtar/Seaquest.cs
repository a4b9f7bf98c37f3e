namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// Seaquest with MinAtar's rules as gymnax implements them (<c>gymnax/environments/minatar/seaquest.py</c> and
/// <c>seaquest_helpers.py</c>, read for the rules; this code is our own). Coordinates are (row, column); row 0 is the
/// surface, rows 1–8 the sea, row 9 the gauges.
/// <list type="bullet">
/// <item>Channels (gymnax's order): 0 sub front, 1 sub back, 2 friendly bullet, 3 trail, 4 enemy bullet, 5 enemy fish,
/// 6 enemy sub, 7 oxygen gauge, 8 diver gauge, 9 diver. Actions (MinAtar's minimal set is the full one): 0 no-op,
/// 1 left, 2 up, 3 right, 4 down, 5 fire.</item>
/// <item>Reset: the sub at (0, 5) facing left (its back cell at (0, 6)), oxygen 200, no divers, no objects, enemy
/// spawn interval 20 with the spawn timer at 20, diver spawn timer 30, enemy move interval m = 5, shot timer 0,
/// "surfaced".</item>
/// <item>A frame, in gymnax's (= MinAtar's) order:
/// (1) Spawns. When the enemy spawn timer is 0 it is set back to the spawn interval and an enemy is drawn: direction
/// (right when u &lt; 0.5, entering at column 0, else at column 9 moving left), kind (a sub when u &lt; 1/3, else a fish),
/// row 1 + ⌊8u⌋. It is placed unless a fish or sub already in that row moves the other way; its move timer starts at
/// m, a sub's shot timer at 10. When the diver spawn timer is 0 it is set back to 30 and a diver is drawn (direction,
/// then row, the same way; move timer 5).
/// (2) The action: left/right move the front one column (clamped to 0 … 9) and turn the sub; up/down move it one row
/// (clamped to 0 … 8); fire, when the shot timer is 0, adds a bullet at the front cell heading where the sub faces
/// and sets the shot timer to 5.
/// (3) Friendly bullets move one cell; those leaving the grid vanish; then each bullet meeting a fish (then a sub)
/// removes it and itself, +1 each.
/// (4) Divers in the front cell are picked up (while fewer than 6 are on board); the others advance when their move
/// timer is 0 (timer back to 5, else it falls by 1), leave at the edge, and are picked up if they move into the
/// front cell.
/// (5) Enemy subs: the game ends if one is in the front cell; they advance like divers with interval m; the game ends
/// if one moved into the front cell; friendly bullets meeting them remove them (+1 each); each sub whose shot timer
/// is 0 fires a bullet from its own cell in its direction (timer back to 10, else it falls by 1).
/// (6) Enemy bullets: the game ends if one is in the front cell; they move one cell, vanish at the edge, and end the
/// game if one moved into the front cell.
/// (7) Fish: as subs, without shooting.
/// (8) Timers: spawn timers and the shot timer fall by 1 (not below 0). The game ends if oxygen was already ≤ 0. Below
/// the surface oxygen falls by 1. Arriving at the surface (row 0 after being below): with no diver the game ends
/// and nothing else changes (MinAtar; gymnax also refills the oxygen bar of this last frame);
/// with 6 the reward is ⌊10·oxygen/200⌋ (the oxygen-bar cells) and the diver count becomes −1 (MinAtar's own
/// arithmetic, kept by gymnax: it sets 0 and then removes one diver, so the next surfacing does not end the game);
/// otherwise one diver leaves. Oxygen is refilled to 200, and with ramping on, while the spawn interval exceeds 1 or m
/// exceeds 2, the difficulty rises: m falls by 1 on every second such surfacing (the 2nd, 4th, …, while m &gt; 2) and
/// the spawn interval falls by 1 (while &gt; 1).</item>
/// <item>Collisions involve only the front cell; the back cell is drawn. Enemies and divers move every m + 1 (resp. 6)
/// frames; enemies first spawn on frame 21, then every spawn-interval frames; divers on frame 31, then every 30.</item>
/// <item>Observation: the oxygen bar fills columns 0 … ⌊10·max(oxygen, 0)/200⌋ − 1 of row 9, the diver bar the
/// columns 9 − divers … 8; fish, subs and divers have a trail cell behind them when that cell is on the grid.</item>
/// <item>Truncated after 1000 frames (gymnax's <c>max_steps_in_episode</c>; MinAtar has no limit).</item>
/// <item>Where several bullets and targets share a cell, each bullet takes the first target of its cell (list order)
/// and each target goes to the last bullet that chose it (gymnax's rule). A sub removed this frame does not fire
/// (gymnax; MinAtar's reference lets a sub shot down on its shooting frame still fire once).</item>
/// </list>
/// </summary>
public sealed class Seaquest : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Up = 2, Right = 3, Down = 4, Fire = 5;
    internal const int MaxOxygen = 200, MaxDivers = 6, ShotCoolDown = 5, EnemyShotInterval = 10;
    internal const int DiverSpawnInterval = 30, DiverMoveInterval = 5, InitialSpawnInterval = 20, InitialMoveInterval = 5;
    internal const int StartCol = 5, DeepestRow = 8, GaugeRow = 9;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
    [
        "sub front", "sub back", "friendly bullet", "trail", "enemy bullet",
        "enemy fish", "enemy sub", "oxygen gauge", "diver gauge", "diver",
    ];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("seaquest", 10, 6, 1000);

    /// <summary>A bullet, fish, sub or diver: its cell, direction, move timer (not bullets) and shot timer (subs).</summary>
    internal sealed class Thing
    {
        public int Row, Col, MoveTimer, ShotTimer;
        public bool Right;
        public int Direction => Right ? 1 : -1;
        public bool At(int row, int col) => Row == row && Col == col;
    }

    internal sealed class State
    {
        public int Row, Col, Oxygen, Divers, ShotTimer;
        public bool FacingRight, Surfaced;
        public int SpawnInterval, SpawnTimer, DiverSpawnTimer, MoveInterval, RampIndex;
        public readonly List<Thing> FriendlyBullets = [], EnemyBullets = [], Fish = [], Subs = [], DiversInSea = [];

        public int BackCol => FacingRight ? Col - 1 : Col + 1;
        public bool AnyAtSub(List<Thing> things)
        {
            foreach (var t in things) if (t.At(Row, Col)) return true;
            return false;
        }
    }

    readonly State[] _states;

    public Seaquest(int count, double stickyProbability = DefaultStickyProbability, bool ramping = true)
        : base(count, SpecFor, stickyProbability, ramping)
    {
        _states = new State[count];
        for (int i = 0; i < count; i++) _states[i] = new State();
    }

    /// <summary>Test hook: the mutable state of one instance.</summary>
    internal State StateOf(int instance) => _states[instance];

    protected override void ResetInstance(int instance)
    {
        var s = _states[instance];
        s.FriendlyBullets.Clear(); s.EnemyBullets.Clear(); s.Fish.Clear(); s.Subs.Clear(); s.DiversInSea.Clear();
        s.Row = 0;
        s.Col = StartCol;
        s.FacingRight = false;
        s.Oxygen = MaxOxygen;
        s.Divers = 0;
        s.ShotTimer = 0;
        s.Surfaced = true;
        s.SpawnInterval = InitialSpawnInterval;
        s.SpawnTimer = InitialSpawnInterval;
        s.DiverSpawnTimer = DiverSpawnInterval;
        s.MoveInterval = InitialMoveInterval;
        s.RampIndex = 0;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        Spawn(instance, s);
        Act(s, action);

        MoveBullets(s.FriendlyBullets);
        float reward = Collide(s.FriendlyBullets, s.Fish) + Collide(s.FriendlyBullets, s.Subs);

        StepDivers(s);

        terminal = s.AnyAtSub(s.Subs);
        MoveAll(s.Subs, s.MoveInterval);
        terminal |= s.AnyAtSub(s.Subs);
        reward += Collide(s.FriendlyBullets, s.Subs);
        foreach (var sub in s.Subs)
        {
            if (sub.ShotTimer > 0) { sub.ShotTimer--; continue; }
            sub.ShotTimer = EnemyShotInterval;
            s.EnemyBullets.Add(new Thing { Row = sub.Row, Col = sub.Col, Right = sub.Right });
        }

        terminal |= s.AnyAtSub(s.EnemyBullets);
        MoveBullets(s.EnemyBullets);
        terminal |= s.AnyAtSub(s.EnemyBullets);

        terminal |= s.AnyAtSub(s.Fish);
        MoveAll(s.Fish, s.MoveInterval);
        terminal |= s.AnyAtSub(s.Fish);
        reward += Collide(s.FriendlyBullets, s.Fish);

        reward += StepTimers(s, ref terminal);
        return reward;
    }

    void Spawn(int instance, State s)
    {
        if (s.SpawnTimer == 0)
        {
            s.SpawnTimer = s.SpawnInterval;
            bool right = NextUniform(instance) < 0.5;
            bool isSub = NextUniform(instance) < 1.0 / 3.0;
            int row = 1 + NextInt(instance, 8);
            bool opposed = s.Subs.Exists(e => e.Row == row && e.Right != right)
                           || s.Fish.Exists(e => e.Row == row && e.Right != right);
            if (!opposed)
                (isSub ? s.Subs : s.Fish).Add(new Thing
                {
                    Row = row, Col = right ? 0 : Size - 1, Right = right, MoveTimer = s.MoveInterval,
                    ShotTimer = isSub ? EnemyShotInterval : 0,
                });
        }
        if (s.DiverSpawnTimer == 0)
        {
            s.DiverSpawnTimer = DiverSpawnInterval;
            bool right = NextUniform(instance) < 0.5;
            int row = 1 + NextInt(instance, 8);
            s.DiversInSea.Add(new Thing { Row = row, Col = right ? 0 : Size - 1, Right = right, MoveTimer = DiverMoveInterval });
        }
    }

    static void Act(State s, int action)
    {
        switch (action)
        {
            case Left: s.Col = Math.Max(0, s.Col - 1); s.FacingRight = false; break;
            case Right: s.Col = Math.Min(Size - 1, s.Col + 1); s.FacingRight = true; break;
            case Up: s.Row = Math.Max(0, s.Row - 1); break;
            case Down: s.Row = Math.Min(DeepestRow, s.Row + 1); break;
            case Fire when s.ShotTimer == 0:
                s.FriendlyBullets.Add(new Thing { Row = s.Row, Col = s.Col, Right = s.FacingRight });
                s.ShotTimer = ShotCoolDown;
                break;
        }
    }

    /// <summary>Bullets move one cell; those leaving the grid vanish.</summary>
    static void MoveBullets(List<Thing> bullets)
    {
        foreach (var b in bullets) b.Col += b.Direction;
        bullets.RemoveAll(b => (uint)b.Col >= Size);
    }

    /// <summary>Fish, subs and divers advance when their move timer is 0 (timer back to <paramref name="interval"/>),
    /// else the timer falls by 1; those leaving the grid vanish.</summary>
    static void MoveAll(List<Thing> things, int interval)
    {
        foreach (var t in things)
        {
            if (t.MoveTimer > 0) { t.MoveTimer--; continue; }
            t.MoveTimer = interval;
            t.Col += t.Direction;
        }
        things.RemoveAll(t => (uint)t.Col >= Size);
    }

    /// <summary>Each bullet picks the first target in its cell; each picked target goes to the last bullet that picked
    /// it, and both vanish. Returns the number of targets removed (+1 reward each).</summary>
    static int Collide(List<Thing> bullets, List<Thing> targets)
    {
        if (bullets.Count == 0 || targets.Count == 0) return 0;
        Span<int> picked = bullets.Count <= 64 ? stackalloc int[bullets.Count] : new int[bullets.Count];
        Span<int> winner = targets.Count <= 64 ? stackalloc int[targets.Count] : new int[targets.Count];
        winner.Fill(-1);
        int hits = 0;
        for (int b = 0; b < bullets.Count; b++)
        {
            picked[b] = -1;
            for (int t = 0; t < targets.Count && picked[b] < 0; t++)
                if (targets[t].At(bullets[b].Row, bullets[b].Col)) picked[b] = t;
            if (picked[b] < 0) continue;
            if (winner[picked[b]] < 0) hits++;
            winner[picked[b]] = b;
        }
        if (hits == 0) return 0;
        for (int b = bullets.Count - 1; b >= 0; b--)
            if (picked[b] >= 0 && winner[picked[b]] == b) bullets.RemoveAt(b);
        for (int t = targets.Count - 1; t >= 0; t--)
            if (winner[t] >= 0) targets.RemoveAt(t);
        return hits;
    }

    /// <summary>Pick-up, move, pick-up (step 4).</summary>
    static void StepDivers(State s)
    {
        PickUpDivers(s);
        MoveAll(s.DiversInSea, DiverMoveInterval);
        PickUpDivers(s);
    }

    /// <summary>Divers in the front cell board the sub, in list order, while fewer than 6 are on board.</summary>
    static void PickUpDivers(State s)
    {
        for (int k = 0; k < s.DiversInSea.Count && s.Divers < MaxDivers;)
        {
            if (s.DiversInSea[k].At(s.Row, s.Col)) { s.DiversInSea.RemoveAt(k); s.Divers++; }
            else k++;
        }
    }

    /// <summary>Step 8: timers, oxygen, surfacing and the difficulty ramp; returns the surfacing reward.</summary>
    float StepTimers(State s, ref bool terminal)
    {
        if (s.SpawnTimer > 0) s.SpawnTimer--;
        if (s.DiverSpawnTimer > 0) s.DiverSpawnTimer--;
        if (s.ShotTimer > 0) s.ShotTimer--;
        if (s.Oxygen <= 0) terminal = true;
        if (s.Row > 0)
        {
            s.Oxygen--;
            s.Surfaced = false;
            return 0f;
        }
        if (s.Surfaced) return 0f;

        s.Surfaced = true;
        if (s.Divers == 0)
        {
            terminal = true;   // nothing is refilled (MinAtar; gymnax also refills the oxygen of this last frame)
            return 0f;
        }
        float reward = 0f;
        if (s.Divers == MaxDivers)
        {
            reward = s.Oxygen * 10 / MaxOxygen;
            s.Divers = -1;
        }
        else s.Divers--;
        s.Oxygen = MaxOxygen;
        if (Ramping && (s.SpawnInterval > 1 || s.MoveInterval > 2))
        {
            if (s.MoveInterval > 2 && s.RampIndex % 2 == 1) s.MoveInterval--;
            if (s.SpawnInterval > 1) s.SpawnInterval--;
            s.RampIndex++;
        }
        return reward;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, s.Row, s.Col, 0);
        Mark(grid, s.Row, s.BackCol, 1);
        int oxygenCells = Math.Max(s.Oxygen, 0) * 10 / MaxOxygen;
        for (int c = 0; c < oxygenCells; c++) Mark(grid, GaugeRow, c, 7);
        for (int c = Math.Max(0, Size - 1 - s.Divers); c < Size - 1; c++) Mark(grid, GaugeRow, c, 8);
        foreach (var b in s.FriendlyBullets) Mark(grid, b.Row, b.Col, 2);
        foreach (var b in s.EnemyBullets) Mark(grid, b.Row, b.Col, 4);
        DrawWithTrail(grid, s.Fish, 5);
        DrawWithTrail(grid, s.Subs, 6);
        DrawWithTrail(grid, s.DiversInSea, 9);
    }

    void DrawWithTrail(Span<float> grid, List<Thing> things, int channel)
    {
        foreach (var t in things)
        {
            Mark(grid, t.Row, t.Col, channel);
            Mark(grid, t.Row, t.Col - t.Direction, 3);   // off-grid trails are dropped
        }
    }
}
