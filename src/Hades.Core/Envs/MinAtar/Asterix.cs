namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar-style Asterix, written from the game's published description (MinAtar README / Young &amp; Tian 2019):
/// "The player can move freely along the 4 cardinal directions. Enemies and treasure spawn from the sides. A reward
/// of +1 is given for picking up treasure. Termination occurs if the player makes contact with an enemy. Enemy and
/// treasure direction are indicated by a trail channel. Difficulty is periodically increased by increasing the speed
/// and spawn rate of enemies and treasure." The details below are this implementation's own choices.
/// <list type="bullet">
/// <item>Channels: 0 player, 1 enemy, 2 trail (each object's previous cell), 3 gold. Actions: 0 no-op, 1 left, 2 up,
/// 3 right, 4 down (MinAtar's action order n, l, u, r, d).</item>
/// <item>Rows 1–8 are lanes holding at most one object each; the player starts at (5, 5) and moves one cell per
/// frame within rows 1–8 and columns 0–9.</item>
/// <item>Every spawn interval (10 frames at first; the first spawn comes on frame 1) an object appears in a random
/// free lane, at column 0 moving right or column 9 moving left (one draw each); it is gold with probability 1/3,
/// else an enemy. Every move interval (5 frames at first) all objects advance one cell and leave at the far edge.</item>
/// <item>Touching gold collects it (+1); touching an enemy terminates. Contact is checked after the player moves and
/// after a spawn and after the objects move, so nothing passes through the player.</item>
/// <item>Ramping (on by default): every 100 frames the move interval shrinks by one frame (down to 1) and the spawn
/// interval by one frame (down to 3).</item>
/// <item>Truncation after 1000 steps.</item>
/// </list>
/// </summary>
public sealed class Asterix : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Up = 2, Right = 3, Down = 4;
    internal const int FirstSpawnInterval = 10, FirstMoveInterval = 5, RampFrames = 100;
    internal const int MinSpawnInterval = 3, MinMoveInterval = 1;
    const int TopLane = 1, Lanes = 8, StartRow = 5, StartCol = 5;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["player", "enemy", "trail", "gold"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("asterix", 4, 5, 1000);

    internal sealed class State
    {
        public int Row, Col, SpawnTimer, MoveTimer, SpawnInterval, MoveInterval, RampTimer;
        public readonly bool[] Active = new bool[Lanes];
        public readonly bool[] Gold = new bool[Lanes];
        public readonly int[] ObjectCol = new int[Lanes];
        public readonly int[] Direction = new int[Lanes];
        public readonly int[] TrailCol = new int[Lanes];
    }

    readonly State[] _states;

    public Asterix(int count, double stickyProbability = DefaultStickyProbability, bool ramping = true)
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
        Array.Clear(s.Active);
        s.Row = StartRow;
        s.Col = StartCol;
        s.SpawnInterval = FirstSpawnInterval;
        s.MoveInterval = FirstMoveInterval;
        s.SpawnTimer = 1;
        s.MoveTimer = s.MoveInterval;
        s.RampTimer = RampFrames;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        switch (action)
        {
            case Left: s.Col = Math.Max(0, s.Col - 1); break;
            case Right: s.Col = Math.Min(Size - 1, s.Col + 1); break;
            case Up: s.Row = Math.Max(TopLane, s.Row - 1); break;
            case Down: s.Row = Math.Min(TopLane + Lanes - 1, s.Row + 1); break;
        }
        float reward = Contact(s, ref terminal);

        if (--s.SpawnTimer <= 0)
        {
            s.SpawnTimer = s.SpawnInterval;
            Spawn(instance, s);
            reward += Contact(s, ref terminal);
        }
        if (--s.MoveTimer <= 0)
        {
            s.MoveTimer = s.MoveInterval;
            for (int lane = 0; lane < Lanes; lane++)
            {
                if (!s.Active[lane]) continue;
                s.TrailCol[lane] = s.ObjectCol[lane];
                s.ObjectCol[lane] += s.Direction[lane];
                if ((uint)s.ObjectCol[lane] >= Size) s.Active[lane] = false;
            }
            reward += Contact(s, ref terminal);
        }

        if (Ramping && --s.RampTimer <= 0)
        {
            s.RampTimer = RampFrames;
            s.MoveInterval = Math.Max(MinMoveInterval, s.MoveInterval - 1);
            s.SpawnInterval = Math.Max(MinSpawnInterval, s.SpawnInterval - 1);
        }
        return reward;
    }

    void Spawn(int instance, State s)
    {
        int free = 0;
        for (int lane = 0; lane < Lanes; lane++) if (!s.Active[lane]) free++;
        if (free == 0) return;
        int pick = NextInt(instance, free);
        int chosen = 0;
        for (int lane = 0; lane < Lanes; lane++)
            if (!s.Active[lane] && pick-- == 0) { chosen = lane; break; }
        bool fromLeft = NextInt(instance, 2) == 0;
        s.Active[chosen] = true;
        s.Direction[chosen] = fromLeft ? 1 : -1;
        s.ObjectCol[chosen] = fromLeft ? 0 : Size - 1;
        s.TrailCol[chosen] = s.ObjectCol[chosen] - s.Direction[chosen];
        s.Gold[chosen] = NextUniform(instance) < 1.0 / 3.0;
    }

    /// <summary>Resolves an object in the player's cell: gold is collected (+1), an enemy terminates.</summary>
    static float Contact(State s, ref bool terminal)
    {
        int lane = s.Row - TopLane;
        if (!s.Active[lane] || s.ObjectCol[lane] != s.Col) return 0f;
        if (!s.Gold[lane]) { terminal = true; return 0f; }
        s.Active[lane] = false;
        return 1f;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, s.Row, s.Col, 0);
        for (int lane = 0; lane < Lanes; lane++)
        {
            if (!s.Active[lane]) continue;
            int row = lane + TopLane;
            Mark(grid, row, s.ObjectCol[lane], s.Gold[lane] ? 3 : 1);
            Mark(grid, row, s.TrailCol[lane], 2);
        }
    }
}
