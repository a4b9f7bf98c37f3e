namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar-style Space Invaders, written from the game's published description (MinAtar README / Young &amp; Tian
/// 2019): "The player controls a cannon at the bottom of the screen and can shoot bullets upward at a cluster of aliens
/// above. The aliens move across the screen until one of them hits the edge, at which point they all move down and
/// switch directions. The current alien direction is indicated by 2 channels (one for left and one for right) one of
/// which is active at the location of each alien. A reward of +1 is given each time an alien is shot, and that alien
/// is also removed. The aliens will also shoot bullets back at the player. When few aliens are left, alien speed will
/// begin to increase. When only one alien is left, it will move at one cell per frame. When a wave of aliens is fully
/// cleared, a new one will spawn which moves at a slightly faster speed than the last. Termination occurs when an
/// alien or bullet hits the player." The details below are this implementation's own choices.
/// <list type="bullet">
/// <item>Channels: 0 cannon, 1 alien, 2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet.
/// Actions: 0 no-op, 1 left, 2 right, 3 fire.</item>
/// <item>Reset: the cannon at (9, 5); a wave of 24 aliens in rows 0–3, columns 2–7, moving left.</item>
/// <item>Each frame: the cannon moves one cell, or fires a bullet from its cell if its 5-frame reload is over;
/// friendly bullets rise one cell, enemy bullets fall one cell (both vanish off the grid); a friendly bullet and an
/// alien in the same cell both disappear (+1).</item>
/// <item>Aliens move every <see cref="MoveInterval"/> frames: min(wave interval, aliens left), so with fewer aliens
/// than the wave interval they speed up and a lone alien moves every frame. The wave interval is 12 frames for the
/// first wave and one frame shorter for each following wave (at least 1) when ramping is on. A move shifts the block
/// one column, or, when an alien would leave the grid, one row down while reversing the direction.</item>
/// <item>Every 10 frames the lowest alien of a random occupied column drops a bullet into the cell below it.</item>
/// <item>Termination: an enemy bullet or an alien in the cannon's cell, or an alien reaching the bottom row.</item>
/// <item>A cleared wave is replaced at once by a fresh one. Truncation after 1000 steps.</item>
/// </list>
/// </summary>
public sealed class SpaceInvaders : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Right = 2, Fire = 3;
    internal const int FirstWaveInterval = 12, ReloadFrames = 5, EnemyShotInterval = 10;
    const int CannonRow = 9, StartCannon = 5;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
        ["cannon", "alien", "alien left", "alien right", "friendly bullet", "enemy bullet"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("space-invaders", 6, 4, 1000);

    internal sealed class State
    {
        public int Cannon, Direction, Aliens, Reload, MoveTimer, ShotTimer, Wave;
        public readonly bool[] Alien = new bool[Size * Size];
        public readonly bool[] Friendly = new bool[Size * Size];
        public readonly bool[] Enemy = new bool[Size * Size];

        public void SpawnWave()
        {
            Array.Clear(Alien);
            for (int r = 0; r <= 3; r++)
                for (int c = 2; c <= 7; c++) Alien[r * Size + c] = true;
            Aliens = 24;
            Direction = -1;
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

    /// <summary>Frames between alien moves for the instance's current wave and alien count.</summary>
    internal int MoveInterval(int instance) => MoveInterval(_states[instance]);

    static int MoveInterval(State s) => Math.Max(1, Math.Min(WaveInterval(s.Wave), s.Aliens));

    static int WaveInterval(int wave) => Math.Max(1, FirstWaveInterval - wave);

    protected override void ResetInstance(int instance)
    {
        var s = _states[instance];
        Array.Clear(s.Friendly);
        Array.Clear(s.Enemy);
        s.SpawnWave();
        s.Cannon = StartCannon;
        s.Reload = 0;
        s.Wave = 0;
        s.MoveTimer = MoveInterval(s);
        s.ShotTimer = EnemyShotInterval;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        if (s.Reload > 0) s.Reload--;
        if (action == Left) s.Cannon = Math.Max(0, s.Cannon - 1);
        else if (action == Right) s.Cannon = Math.Min(Size - 1, s.Cannon + 1);
        else if (action == Fire && s.Reload == 0)
        {
            s.Friendly[CannonRow * Size + s.Cannon] = true;
            s.Reload = ReloadFrames;
        }

        // Bullets: friendly rise (scan top-down), enemy fall (scan bottom-up).
        for (int k = 0; k < Size * Size; k++)
            if (s.Friendly[k]) { s.Friendly[k] = false; if (k >= Size) s.Friendly[k - Size] = true; }
        for (int k = Size * Size - 1; k >= 0; k--)
            if (s.Enemy[k]) { s.Enemy[k] = false; if (k < Size * (Size - 1)) s.Enemy[k + Size] = true; }
        float reward = Shoot(s);

        if (--s.MoveTimer <= 0)
        {
            MoveAliens(s);
            reward += Shoot(s);
            s.MoveTimer = MoveInterval(s);
        }

        if (--s.ShotTimer <= 0)
        {
            s.ShotTimer = EnemyShotInterval;
            AlienFires(instance, s);
        }

        terminal = CannonHit(s);
        if (s.Aliens == 0)
        {
            if (Ramping) s.Wave++;
            s.SpawnWave();
            s.MoveTimer = MoveInterval(s);
        }
        return reward;
    }

    /// <summary>Removes every friendly bullet that shares a cell with an alien, and the alien; +1 each.</summary>
    static float Shoot(State s)
    {
        float reward = 0f;
        for (int k = 0; k < Size * Size; k++)
            if (s.Friendly[k] && s.Alien[k])
            {
                s.Friendly[k] = false;
                s.Alien[k] = false;
                s.Aliens--;
                reward += 1f;
            }
        return reward;
    }

    static void MoveAliens(State s)
    {
        bool atEdge = false;
        int edge = s.Direction < 0 ? 0 : Size - 1;
        for (int r = 0; r < Size && !atEdge; r++) atEdge = s.Alien[r * Size + edge];
        if (atEdge)
        {
            for (int k = Size * Size - 1; k >= 0; k--)
                if (s.Alien[k]) { s.Alien[k] = false; if (k < Size * (Size - 1)) s.Alien[k + Size] = true; }
            s.Direction = -s.Direction;
        }
        else if (s.Direction < 0)
        {
            for (int k = 0; k < Size * Size; k++)
                if (s.Alien[k]) { s.Alien[k] = false; s.Alien[k - 1] = true; }
        }
        else
        {
            for (int k = Size * Size - 1; k >= 0; k--)
                if (s.Alien[k]) { s.Alien[k] = false; s.Alien[k + 1] = true; }
        }
    }

    void AlienFires(int instance, State s)
    {
        int columns = 0;
        Span<int> lowest = stackalloc int[Size];
        for (int c = 0; c < Size; c++)
        {
            lowest[c] = -1;
            for (int r = Size - 1; r >= 0; r--)
                if (s.Alien[r * Size + c]) { lowest[c] = r; columns++; break; }
        }
        if (columns == 0) return;
        int pick = NextInt(instance, columns);
        for (int c = 0; c < Size; c++)
        {
            if (lowest[c] < 0) continue;
            if (pick-- == 0)
            {
                if (lowest[c] + 1 < Size) s.Enemy[(lowest[c] + 1) * Size + c] = true;
                return;
            }
        }
    }

    static bool CannonHit(State s)
    {
        int cell = CannonRow * Size + s.Cannon;
        if (s.Enemy[cell] || s.Alien[cell]) return true;
        for (int c = 0; c < Size; c++)
            if (s.Alien[CannonRow * Size + c]) return true;
        return false;
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
