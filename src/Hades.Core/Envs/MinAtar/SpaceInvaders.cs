namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// Space Invaders with MinAtar's rules as gymnax implements them (<c>gymnax/environments/minatar/space_invaders.py</c>,
/// which HaDES used; this C# is our own). The game has no randomness. The rules, frame by frame:
/// <list type="bullet">
/// <item>Channels: 0 cannon, 1 alien, 2 alien (when the aliens move left), 3 alien (when they move right),
/// 4 friendly bullet, 5 enemy bullet. Actions (gymnax's minimal set): 0 no-op, 1 left, 2 right, 3 fire, which are
/// MinAtar's full-set actions n, l, r, f (0, 1, 3, 5).</item>
/// <item>Reset: the cannon at (9, 5); aliens fill rows 0–3, columns 2–8 (28 aliens; gymnax's start wave, one column
/// wider than MinAtar's 2–7), moving left; alien move interval 12, move timer 12, shot timer 10, reload 0.</item>
/// <item>1. Cannon: fire puts a bullet in the cannon's cell if the reload is 0 and sets the reload to 5; left/right
/// move the cannon one cell (clamped). Friendly bullets rise one row and enemy bullets fall one row; both vanish off
/// the grid. An enemy bullet now in the bottom row at the cannon's column <i>before</i> its move terminates
/// (gymnax's check; MinAtar checks the column after the move).</item>
/// <item>2. Aliens: an alien in the cannon's cell terminates. If the move timer is 0, it is reset to
/// min(aliens left, move interval) and the block moves: if an alien is in the edge column it is heading for, the
/// direction flips and the block moves one row down (terminating if an alien was already in the bottom row),
/// otherwise it moves one column; an alien that lands on the cannon terminates.</item>
/// <item>3. Alien fire: if the shot timer is 0 it is reset to 10 and the lowest alien of the occupied column nearest
/// to the cannon (the left one on a tie) puts an enemy bullet in its own cell. Then every alien sharing a cell with
/// a friendly bullet is removed with the bullet (+1 each).</item>
/// <item>4. Timers: the reload counts down to 0, the move and shot timers count down by 1. If no alien is left, a new
/// wave fills rows 0–3, columns 2–7 (24 aliens) keeping the direction and timers, and with ramping on
/// (MinAtar's default) the move interval shrinks by 1 while it is above 6.</item>
/// <item>Everything runs on the frame the cannon is hit (its reward counts). Truncation after 1000 steps.</item>
/// </list>
/// </summary>
public sealed class SpaceInvaders : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Right = 2, Fire = 3;
    internal const int StartMoveInterval = 12, MinRampedMoveInterval = 6, ReloadFrames = 5, EnemyShotInterval = 10;
    internal const int CannonRow = 9, StartCannon = 5;

    /// <summary>Channel names in observation order (gymnax's order).</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
        ["cannon", "alien", "alien left", "alien right", "friendly bullet", "enemy bullet"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("space-invaders", 6, 4, 1000);

    internal sealed class State
    {
        public int Cannon, Direction, MoveInterval, MoveTimer, ShotTimer, Reload, RampIndex;
        public readonly bool[] Alien = new bool[Size * Size];
        public readonly bool[] Friendly = new bool[Size * Size];
        public readonly bool[] Enemy = new bool[Size * Size];

        public int AlienCount => Alien.Count(a => a);

        /// <summary>Sets aliens in rows 0–3 and columns <paramref name="left"/>..<paramref name="right"/>.</summary>
        public void FillAliens(int left, int right)
        {
            for (int r = 0; r <= 3; r++)
                for (int c = left; c <= right; c++) Alien[r * Size + c] = true;
        }
    }

    readonly State[] _states;

    public SpaceInvaders(int count, double stickyProbability = DefaultStickyProbability, bool ramping = true)
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
        Array.Clear(s.Alien);
        Array.Clear(s.Friendly);
        Array.Clear(s.Enemy);
        s.FillAliens(2, 8);
        s.Cannon = StartCannon;
        s.Direction = -1;
        s.MoveInterval = StartMoveInterval;
        s.MoveTimer = StartMoveInterval;
        s.ShotTimer = EnemyShotInterval;
        s.Reload = 0;
        s.RampIndex = 0;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = MoveCannonAndBullets(s, action);
        terminal |= MoveAliens(s);
        float reward = AliensFireAndBulletsHit(s);

        if (s.Reload > 0) s.Reload--;
        s.MoveTimer--;
        s.ShotTimer--;
        if (Array.IndexOf(s.Alien, true) < 0)
        {
            if (Ramping && s.MoveInterval > MinRampedMoveInterval)
            {
                s.MoveInterval--;
                s.RampIndex++;
            }
            s.FillAliens(2, 7);
        }
        return reward;
    }

    static bool MoveCannonAndBullets(State s, int action)
    {
        int cannonBefore = s.Cannon;
        if (action == Fire && s.Reload == 0)
        {
            s.Friendly[CannonRow * Size + s.Cannon] = true;
            s.Reload = ReloadFrames;
        }
        else if (action == Left) s.Cannon = Math.Max(0, s.Cannon - 1);
        else if (action == Right) s.Cannon = Math.Min(Size - 1, s.Cannon + 1);

        ShiftRows(s.Friendly, -1);
        ShiftRows(s.Enemy, +1);
        return s.Enemy[CannonRow * Size + cannonBefore];
    }

    /// <summary>Moves every cell of <paramref name="map"/> by <paramref name="rows"/> rows (±1); cells leaving the grid vanish.</summary>
    static void ShiftRows(bool[] map, int rows)
    {
        int shift = rows * Size;
        if (rows < 0)
            for (int k = 0; k < map.Length; k++) { if (map[k]) { map[k] = false; if (k + shift >= 0) map[k + shift] = true; } }
        else
            for (int k = map.Length - 1; k >= 0; k--) { if (map[k]) { map[k] = false; if (k + shift < map.Length) map[k + shift] = true; } }
    }

    static bool MoveAliens(State s)
    {
        bool terminal = s.Alien[CannonRow * Size + s.Cannon];
        if (s.MoveTimer != 0) return terminal;

        s.MoveTimer = Math.Min(s.AlienCount, s.MoveInterval);
        int edge = s.Direction < 0 ? 0 : Size - 1;
        bool atEdge = false;
        for (int r = 0; r < Size; r++) atEdge |= s.Alien[r * Size + edge];
        if (atEdge)
        {
            s.Direction = -s.Direction;
            for (int c = 0; c < Size; c++) terminal |= s.Alien[CannonRow * Size + c];
            Roll(s.Alien, 1, 0);   // down one row (gymnax rolls, so a bottom-row alien wraps to the top; the game has ended then)
        }
        else Roll(s.Alien, 0, s.Direction);
        return terminal | s.Alien[CannonRow * Size + s.Cannon];
    }

    /// <summary>Cyclic shift of a 10×10 map by (rows, cols), as numpy/jax <c>roll</c>.</summary>
    static void Roll(bool[] map, int rows, int cols)
    {
        Span<bool> copy = stackalloc bool[Size * Size];
        map.CopyTo(copy);
        for (int r = 0; r < Size; r++)
            for (int c = 0; c < Size; c++)
                map[(r + rows + Size) % Size * Size + (c + cols + Size) % Size] = copy[r * Size + c];
    }

    float AliensFireAndBulletsHit(State s)
    {
        if (s.ShotTimer == 0)
        {
            s.ShotTimer = EnemyShotInterval;
            if (NearestShooter(s) is (int row, int col)) s.Enemy[row * Size + col] = true;
        }
        float reward = 0f;
        for (int k = 0; k < Size * Size; k++)
            if (s.Alien[k] && s.Friendly[k])
            {
                s.Alien[k] = s.Friendly[k] = false;
                reward += 1f;
            }
        return reward;
    }

    /// <summary>The lowest alien of the occupied column nearest to the cannon (the left one on a tie), or null.</summary>
    internal static (int Row, int Col)? NearestShooter(State s)
    {
        for (int distance = 0; distance < Size; distance++)
            foreach (int col in (ReadOnlySpan<int>)[s.Cannon - distance, s.Cannon + distance])
            {
                if ((uint)col >= Size) continue;
                for (int row = Size - 1; row >= 0; row--)
                    if (s.Alien[row * Size + col]) return (row, col);
            }
        return null;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, CannonRow, s.Cannon, 0);
        int directionChannel = s.Direction < 0 ? 2 : 3;
        for (int k = 0; k < Size * Size; k++)
        {
            int r = k / Size, c = k % Size;
            if (s.Alien[k]) { Mark(grid, r, c, 1); Mark(grid, r, c, directionChannel); }
            if (s.Friendly[k]) Mark(grid, r, c, 4);
            if (s.Enemy[k]) Mark(grid, r, c, 5);
        }
    }
}
