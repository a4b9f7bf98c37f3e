namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar-style Seaquest, written from the game's published description (MinAtar README / Young &amp; Tian 2019):
/// "The player controls a submarine consisting of two cells, front and back, to allow direction to be determined. The
/// player can also fire bullets from the front of the submarine. Enemies consist of submarines and fish, distinguished
/// by the fact that submarines shoot bullets and fish do not. A reward of +1 is given each time an enemy is struck by
/// one of the player's bullets, at which point the enemy is also removed. There are also divers which the player can
/// move onto to pick up, doing so increments a bar indicated by another channel along the bottom of the screen. The
/// player also has a limited supply of oxygen indicated by another bar in another channel. Oxygen degrades over time,
/// and is replenished whenever the player moves to the top of the screen as long as the player has at least one
/// rescued diver on board. The player can carry a maximum of 6 divers. When surfacing with less than 6, one diver is
/// removed. When surfacing with 6, all divers are removed and a reward is given for each active cell in the oxygen
/// bar. Each time the player surfaces the difficulty is increased by increasing the spawn rate and movement speed of
/// enemies. Termination occurs when the player is hit by an enemy fish, sub or bullet; or when oxygen reaches 0; or
/// when the player attempts to surface with no rescued divers. Enemy and diver directions are indicated by a trail
/// channel active in their previous location to reduce partial observability." The details below are this
/// implementation's own choices.
/// <list type="bullet">
/// <item>Channels: 0 sub front, 1 sub back, 2 friendly bullet, 3 trail, 4 enemy bullet, 5 enemy fish, 6 enemy sub,
/// 7 oxygen gauge, 8 diver gauge, 9 diver. Actions (MinAtar's full set, all meaningful here): 0 no-op, 1 left, 2 up,
/// 3 right, 4 down, 5 fire.</item>
/// <item>Row 0 is the surface, rows 1–8 are lanes (at most one enemy and one diver each), row 9 shows the gauges: the
/// oxygen bar fills columns 0 … ⌊10·oxygen/200⌋ − 1 and the diver bar columns 0 … divers − 1. The sub starts
/// surfaced at (0, 5) facing right, with 200 oxygen and no divers; its front moves within rows 0–8 and columns 0–9,
/// and left/right also turn it. The back cell lies behind the front; both cells count for collisions.</item>
/// <item>Fire launches a bullet from the front cell in the facing direction (5-frame reload); bullets move one cell
/// per frame. A friendly bullet meeting an enemy removes both (+1). Enemy subs fire a bullet ahead of them every 10
/// frames.</item>
/// <item>Enemies spawn every spawn interval (20 frames, first on frame 1) in a random free lane at column 0 moving
/// right or column 9 moving left; one in three is a sub. All enemies advance one cell every move interval (5 frames).
/// A diver spawns the same way every 30 frames and divers move every 5 frames. Objects leave at the far edge.</item>
/// <item>Touching a diver picks it up when fewer than 6 are on board. Each frame underwater costs one oxygen; at 0 the
/// episode terminates. Arriving at the surface with no diver terminates; with 1–5 one diver leaves; with 6 all leave
/// and the reward is the number of oxygen-bar cells. A successful surfacing refills the oxygen and, with ramping on,
/// raises the difficulty: after k surfacings enemies move every max(1, 5 − ⌊k/2⌋) frames and spawn every
/// max(5, 20 − 2k) frames.</item>
/// <item>Truncation after 1000 steps.</item>
/// </list>
/// </summary>
public sealed class Seaquest : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Up = 2, Right = 3, Down = 4, Fire = 5;
    internal const int MaxOxygen = 200, MaxDivers = 6, ReloadFrames = 5, EnemyShotInterval = 10;
    internal const int DiverSpawnInterval = 30, DiverMoveInterval = 5, StartCol = 5;
    const int TopLane = 1, Lanes = 8, GaugeRow = 9, DeepestRow = 8;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
    [
        "sub front", "sub back", "friendly bullet", "trail", "enemy bullet",
        "enemy fish", "enemy sub", "oxygen gauge", "diver gauge", "diver",
    ];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("seaquest", 10, 6, 1000);

    internal struct Mover
    {
        public bool Active;
        public int Col, Direction, Trail;
        public bool IsSub;
        public int ShotTimer;
    }

    internal struct Bullet
    {
        public int Row, Col, Direction;
    }

    internal sealed class State
    {
        public int Row, Col, Facing, Oxygen, Divers, Reload, Surfacings;
        public bool Surfaced;
        public int EnemySpawnTimer, EnemyMoveTimer, DiverSpawnTimer, DiverMoveTimer;
        public readonly Mover[] Enemy = new Mover[Lanes];
        public readonly Mover[] Diver = new Mover[Lanes];
        public readonly List<Bullet> Friendly = [];
        public readonly List<Bullet> EnemyBullets = [];

        public int BackCol => Col - Facing;
        public int OxygenCells => Oxygen * Size / MaxOxygen;

        public bool Occupies(int row, int col) => row == Row && (uint)col < Size && (col == Col || col == BackCol);
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

    /// <summary>Frames between enemy moves after <paramref name="surfacings"/> ramped surfacings.</summary>
    internal static int EnemyMoveInterval(int surfacings) => Math.Max(1, 5 - surfacings / 2);

    /// <summary>Frames between enemy spawns after <paramref name="surfacings"/> ramped surfacings.</summary>
    internal static int EnemySpawnInterval(int surfacings) => Math.Max(5, 20 - 2 * surfacings);

    protected override void ResetInstance(int instance)
    {
        var s = _states[instance];
        Array.Clear(s.Enemy);
        Array.Clear(s.Diver);
        s.Friendly.Clear();
        s.EnemyBullets.Clear();
        s.Row = 0;
        s.Col = StartCol;
        s.Facing = 1;
        s.Oxygen = MaxOxygen;
        s.Divers = 0;
        s.Reload = 0;
        s.Surfacings = 0;
        s.Surfaced = true;
        s.EnemySpawnTimer = 1;
        s.EnemyMoveTimer = EnemyMoveInterval(0);
        s.DiverSpawnTimer = DiverSpawnInterval;
        s.DiverMoveTimer = DiverMoveInterval;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        if (s.Reload > 0) s.Reload--;
        switch (action)
        {
            case Left: s.Col = Math.Max(0, s.Col - 1); s.Facing = -1; break;
            case Right: s.Col = Math.Min(Size - 1, s.Col + 1); s.Facing = 1; break;
            case Up: s.Row = Math.Max(0, s.Row - 1); break;
            case Down: s.Row = Math.Min(DeepestRow, s.Row + 1); break;
            case Fire when s.Reload == 0:
                s.Friendly.Add(new Bullet { Row = s.Row, Col = s.Col, Direction = s.Facing });
                s.Reload = ReloadFrames;
                break;
        }
        terminal = Hit(s);

        MoveBullets(s.Friendly);
        MoveBullets(s.EnemyBullets);
        float reward = Shoot(s);

        if (--s.EnemyMoveTimer <= 0)
        {
            s.EnemyMoveTimer = EnemyMoveInterval(s.Surfacings);
            MoveAll(s.Enemy);
            reward += Shoot(s);
        }
        for (int lane = 0; lane < Lanes; lane++)
        {
            ref var e = ref s.Enemy[lane];
            if (!e.Active || !e.IsSub || --e.ShotTimer > 0) continue;
            e.ShotTimer = EnemyShotInterval;
            if ((uint)(e.Col + e.Direction) < Size)
                s.EnemyBullets.Add(new Bullet { Row = lane + TopLane, Col = e.Col + e.Direction, Direction = e.Direction });
        }
        if (--s.DiverMoveTimer <= 0)
        {
            s.DiverMoveTimer = DiverMoveInterval;
            MoveAll(s.Diver);
        }
        if (--s.EnemySpawnTimer <= 0)
        {
            s.EnemySpawnTimer = EnemySpawnInterval(s.Surfacings);
            int lane = Spawn(instance, s.Enemy);
            if (lane >= 0)
            {
                s.Enemy[lane].IsSub = NextUniform(instance) < 1.0 / 3.0;
                s.Enemy[lane].ShotTimer = EnemyShotInterval;
            }
        }
        if (--s.DiverSpawnTimer <= 0)
        {
            s.DiverSpawnTimer = DiverSpawnInterval;
            Spawn(instance, s.Diver);
        }

        PickUpDivers(s);
        terminal |= Hit(s);
        if (s.Row == 0)
        {
            if (!s.Surfaced)
            {
                s.Surfaced = true;
                if (s.Divers == 0) terminal = true;
                else
                {
                    if (s.Divers == MaxDivers) { reward += s.OxygenCells; s.Divers = 0; }
                    else s.Divers--;
                    s.Oxygen = MaxOxygen;
                    if (Ramping) s.Surfacings++;
                }
            }
        }
        else
        {
            s.Surfaced = false;
            if (--s.Oxygen <= 0) terminal = true;
        }
        return reward;
    }

    static void MoveBullets(List<Bullet> bullets)
    {
        for (int k = bullets.Count - 1; k >= 0; k--)
        {
            var b = bullets[k];
            b.Col += b.Direction;
            if ((uint)b.Col >= Size) bullets.RemoveAt(k);
            else bullets[k] = b;
        }
    }

    static void MoveAll(Mover[] movers)
    {
        for (int lane = 0; lane < Lanes; lane++)
        {
            ref var m = ref movers[lane];
            if (!m.Active) continue;
            m.Trail = m.Col;
            m.Col += m.Direction;
            if ((uint)m.Col >= Size) m.Active = false;
        }
    }

    /// <summary>Places a new object in a random free lane at a random side; returns the lane, or −1 if all are taken.</summary>
    int Spawn(int instance, Mover[] movers)
    {
        int free = 0;
        for (int lane = 0; lane < Lanes; lane++) if (!movers[lane].Active) free++;
        if (free == 0) return -1;
        int pick = NextInt(instance, free), chosen = -1;
        for (int lane = 0; lane < Lanes && chosen < 0; lane++)
            if (!movers[lane].Active && pick-- == 0) chosen = lane;
        bool fromLeft = NextInt(instance, 2) == 0;
        ref var m = ref movers[chosen];
        m = default;
        m.Active = true;
        m.Direction = fromLeft ? 1 : -1;
        m.Col = fromLeft ? 0 : Size - 1;
        m.Trail = m.Col - m.Direction;
        return chosen;
    }

    /// <summary>Removes each friendly bullet that shares a cell with an enemy, and the enemy; +1 each.</summary>
    static float Shoot(State s)
    {
        float reward = 0f;
        for (int k = s.Friendly.Count - 1; k >= 0; k--)
        {
            var b = s.Friendly[k];
            int lane = b.Row - TopLane;
            if ((uint)lane >= Lanes) continue;
            ref var e = ref s.Enemy[lane];
            if (!e.Active || e.Col != b.Col) continue;
            e.Active = false;
            s.Friendly.RemoveAt(k);
            reward += 1f;
        }
        return reward;
    }

    static void PickUpDivers(State s)
    {
        int lane = s.Row - TopLane;
        if ((uint)lane >= Lanes || s.Divers >= MaxDivers) return;
        ref var d = ref s.Diver[lane];
        if (d.Active && s.Occupies(s.Row, d.Col))
        {
            d.Active = false;
            s.Divers++;
        }
    }

    /// <summary>Whether an enemy or an enemy bullet occupies one of the sub's cells.</summary>
    static bool Hit(State s)
    {
        int lane = s.Row - TopLane;
        if ((uint)lane < Lanes && s.Enemy[lane].Active && s.Occupies(s.Row, s.Enemy[lane].Col)) return true;
        foreach (var b in s.EnemyBullets)
            if (s.Occupies(b.Row, b.Col)) return true;
        return false;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, s.Row, s.Col, 0);
        Mark(grid, s.Row, s.BackCol, 1);
        foreach (var b in s.Friendly) Mark(grid, b.Row, b.Col, 2);
        foreach (var b in s.EnemyBullets) Mark(grid, b.Row, b.Col, 4);
        for (int lane = 0; lane < Lanes; lane++)
        {
            int row = lane + TopLane;
            var e = s.Enemy[lane];
            if (e.Active)
            {
                Mark(grid, row, e.Col, e.IsSub ? 6 : 5);
                Mark(grid, row, e.Trail, 3);
            }
            var d = s.Diver[lane];
            if (d.Active)
            {
                Mark(grid, row, d.Col, 9);
                Mark(grid, row, d.Trail, 3);
            }
        }
        for (int c = 0; c < s.OxygenCells; c++) Mark(grid, GaugeRow, c, 7);
        for (int c = 0; c < s.Divers; c++) Mark(grid, GaugeRow, c, 8);
    }
}
