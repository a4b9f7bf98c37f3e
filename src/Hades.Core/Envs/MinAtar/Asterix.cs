namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// Asterix with MinAtar's rules as gymnax implements them (<c>gymnax/environments/minatar/asterix.py</c>, which HaDES
/// used; this C# is our own). The rules, frame by frame:
/// <list type="bullet">
/// <item>Channels: 0 player, 1 enemy, 2 trail, 3 gold. Actions (gymnax's minimal set, MinAtar's full-set actions
/// 0–4): 0 no-op, 1 left, 2 up, 3 right, 4 down.</item>
/// <item>Rows 1–8 are eight lanes holding at most one object each. Reset: the player at (5, 5), no objects, spawn
/// interval 10 and spawn timer 10, move interval 5 and move timer 5, ramp timer 100.</item>
/// <item>1. Spawn: if the spawn timer is 0 it is reset to the spawn interval and an object appears: it moves right
/// from column 0 or left from column 9 (probability ½ each) and is gold with probability 1/3, else an enemy. Its
/// lane follows gymnax's slot search: one lane is drawn to be skipped; the object takes a uniformly drawn free lane
/// among the other seven; if none of them is free, the object replaces (erases) the object of a uniformly drawn lane
/// among those seven and is not placed. (MinAtar draws among all free lanes and spawns nothing when all are full;
/// the two agree whenever two or more lanes are free.) With the timers above the first object appears on the 11th
/// step (frame 10 counting from 0).</item>
/// <item>2. The player moves one cell (columns 0–9, rows 1–8). An object in the player's cell is collected if gold
/// (+1, removed) and terminates the episode if an enemy.</item>
/// <item>3. If the move timer is 0 it is reset to the move interval and every object moves one cell in its
/// direction (a freshly spawned one too); objects leaving the grid are removed; an object landing on the player is
/// collected or terminates as in 2.</item>
/// <item>4. Timers: spawn and move timers count down by 1. With ramping on (gymnax's <c>ramping</c>, default on) and
/// the spawn or move interval above 1: the ramp timer counts down while it is ≥ 0, and on the frame after it reaches
/// −1 the difficulty ramps (first at the 102nd step, then every 102 steps): the move interval shrinks by 1 on odd
/// ramp indices (while above 1), the spawn interval by 1 (while above 1), the ramp index grows and the ramp timer
/// is reset to 100.</item>
/// <item>Observation: each object in its lane's row, gold in channel 3 and enemies in channel 1, with a trail in
/// channel 2 on the cell behind it (the column it comes from), when that cell is on the grid. Everything runs on a
/// terminating frame (its reward counts). Truncation after 1000 steps.</item>
/// </list>
/// </summary>
public sealed class Asterix : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Up = 2, Right = 3, Down = 4;
    internal const int StartSpawnInterval = 10, StartMoveInterval = 5, RampInterval = 100;
    internal const int TopLane = 1, Lanes = 8, StartRow = 5, StartCol = 5;

    /// <summary>Channel names in observation order (gymnax's order).</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["player", "enemy", "trail", "gold"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("asterix", 4, 5, 1000);

    internal sealed class State
    {
        public int Row, Col, SpawnTimer, SpawnInterval, MoveTimer, MoveInterval, RampTimer, RampIndex;
        public readonly bool[] Active = new bool[Lanes];
        public readonly bool[] Gold = new bool[Lanes];
        public readonly bool[] MovesRight = new bool[Lanes];
        public readonly int[] ObjectCol = new int[Lanes];

        /// <summary>Places an object in <paramref name="lane"/> (rows 1–8 are lanes 0–7).</summary>
        public void Place(int lane, int col, bool movesRight, bool gold)
        {
            Active[lane] = true;
            ObjectCol[lane] = col;
            MovesRight[lane] = movesRight;
            Gold[lane] = gold;
        }
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
        s.SpawnInterval = StartSpawnInterval;
        s.SpawnTimer = StartSpawnInterval;
        s.MoveInterval = StartMoveInterval;
        s.MoveTimer = StartMoveInterval;
        s.RampTimer = RampInterval;
        s.RampIndex = 0;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        if (s.SpawnTimer == 0)
        {
            Spawn(instance, s);
            s.SpawnTimer = s.SpawnInterval;
        }

        switch (action)
        {
            case Left: s.Col = Math.Max(0, s.Col - 1); break;
            case Right: s.Col = Math.Min(Size - 1, s.Col + 1); break;
            case Up: s.Row = Math.Max(TopLane, s.Row - 1); break;
            case Down: s.Row = Math.Min(TopLane + Lanes - 1, s.Row + 1); break;
        }
        float reward = Meet(s, ref terminal);

        if (s.MoveTimer == 0)
        {
            s.MoveTimer = s.MoveInterval;
            for (int lane = 0; lane < Lanes; lane++)
            {
                if (!s.Active[lane]) continue;
                s.ObjectCol[lane] += s.MovesRight[lane] ? 1 : -1;
                if ((uint)s.ObjectCol[lane] >= Size) s.Active[lane] = false;
            }
            reward += Meet(s, ref terminal);
        }

        s.SpawnTimer--;
        s.MoveTimer--;
        if (Ramping && (s.SpawnInterval > 1 || s.MoveInterval > 1)) StepRamp(s);
        return reward;
    }

    static void StepRamp(State s)
    {
        if (s.RampTimer >= 0)
        {
            s.RampTimer--;
            return;
        }
        if (s.MoveInterval > 1 && s.RampIndex % 2 == 1) s.MoveInterval--;
        if (s.SpawnInterval > 1) s.SpawnInterval--;
        s.RampIndex++;
        s.RampTimer = RampInterval;
    }

    void Spawn(int instance, State s)
    {
        bool movesRight = NextUniform(instance) < 0.5;
        bool gold = NextUniform(instance) < 1.0 / 3.0;
        int skipped = NextInt(instance, Lanes);
        int free = 0;
        for (int lane = 0; lane < Lanes; lane++)
            if (lane != skipped && !s.Active[lane]) free++;
        if (free == 0)
        {
            int victim = NextInt(instance, Lanes - 1);
            s.Active[victim < skipped ? victim : victim + 1] = false;
            return;
        }
        int pick = NextInt(instance, free);
        for (int lane = 0; lane < Lanes; lane++)
        {
            if (lane == skipped || s.Active[lane] || pick-- > 0) continue;
            s.Place(lane, movesRight ? 0 : Size - 1, movesRight, gold);
            return;
        }
    }

    /// <summary>Resolves an object in the player's cell: gold is collected (+1), an enemy terminates.</summary>
    static float Meet(State s, ref bool terminal)
    {
        int lane = s.Row - TopLane;
        if (!s.Active[lane] || s.ObjectCol[lane] != s.Col) return 0f;
        if (!s.Gold[lane])
        {
            terminal = true;
            return 0f;
        }
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
            int row = lane + TopLane, col = s.ObjectCol[lane];
            Mark(grid, row, col, s.Gold[lane] ? 3 : 1);
            Mark(grid, row, s.MovesRight[lane] ? col - 1 : col + 1, 2);   // off-grid trails are dropped by Mark
        }
    }
}
