namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// Breakout with MinAtar's rules as gymnax implements them (<c>gymnax/environments/minatar/breakout.py</c>, which
/// HaDES used; this C# is our own). The rules, frame by frame:
/// <list type="bullet">
/// <item>Channels: 0 paddle, 1 ball, 2 trail (the ball's cell one frame earlier), 3 brick. Actions (gymnax's
/// minimal set): 0 no-op, 1 left, 2 right, which are MinAtar's full-set actions n, l, r (0, 1, 3).</item>
/// <item>Reset: bricks fill rows 1–3; the one-cell paddle sits at (9, 4); one draw puts the ball at (3, 0) moving
/// down-right or at (3, 9) moving down-left, inside the brick row (the brick under it stays); the trail starts on
/// the ball.</item>
/// <item>Each frame the paddle moves one cell (clamped to the grid), then the ball tries its next diagonal cell.
/// Past a side wall the ball's column is clamped (it stays in its column this frame) and its horizontal direction
/// flips. Past the top wall its row is clamped to 0 and its vertical direction flips. Otherwise, if the target
/// cell holds a brick and the ball did not strike a brick on the previous frame, the brick breaks (+1), the ball
/// moves only sideways (to the target column, its row unchanged) and its vertical direction flips; if it did strike
/// one on the previous frame (the strike guard) it moves into the brick cell without breaking it. Otherwise, if the
/// target is the bottom row: a fully cleared wall is refilled (rows 1–3) now; if the paddle (after its move) is in
/// the ball's current column the ball bounces up and keeps its horizontal direction, else if it is in the target
/// column the ball bounces up and back the way it came (both bounces move it sideways only); else the ball enters
/// the bottom row and the episode terminates. The strike flag of the next frame is "the target held a brick".</item>
/// <item>No difficulty ramp (the <c>ramping</c> switch changes nothing). Truncation after 1000 steps (gymnax's
/// <c>max_steps_in_episode</c>).</item>
/// </list>
/// </summary>
public sealed class Breakout : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Right = 2;
    internal const int BrickTop = 1, BrickBottom = 3, PaddleRow = 9, StartRow = 3, StartPaddle = 4;

    /// <summary>Channel names in observation order (gymnax's order).</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["paddle", "ball", "trail", "brick"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("breakout", 4, 3, 1000);

    internal sealed class State
    {
        public int BallRow, BallCol, RowStep, ColStep, TrailRow, TrailCol, Paddle;
        public bool Strike;
        public readonly bool[] Brick = new bool[Size * Size];

        public bool NoBricksLeft => Array.IndexOf(Brick, true) < 0;

        public void FillBricks()
        {
            for (int r = BrickTop; r <= BrickBottom; r++)
                for (int c = 0; c < Size; c++) Brick[r * Size + c] = true;
        }
    }

    readonly State[] _states;

    public Breakout(int count, double stickyProbability = DefaultStickyProbability, bool ramping = true)
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
        Array.Clear(s.Brick);
        s.FillBricks();
        s.Paddle = StartPaddle;
        bool fromLeft = NextInt(instance, 2) == 0;
        s.BallRow = StartRow;
        s.BallCol = fromLeft ? 0 : Size - 1;
        s.RowStep = 1;
        s.ColStep = fromLeft ? 1 : -1;
        s.TrailRow = s.BallRow;
        s.TrailCol = s.BallCol;
        s.Strike = false;
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        if (action == Left) s.Paddle = Math.Max(0, s.Paddle - 1);
        else if (action == Right) s.Paddle = Math.Min(Size - 1, s.Paddle + 1);

        s.TrailRow = s.BallRow;
        s.TrailCol = s.BallCol;
        int row = s.BallRow + s.RowStep;
        int col = s.BallCol + s.ColStep;
        if (col < 0 || col >= Size)
        {
            col = Math.Clamp(col, 0, Size - 1);
            s.ColStep = -s.ColStep;
        }

        float reward = 0f;
        bool targetHeldBrick = false;
        if (row < 0)
        {
            row = 0;
            s.RowStep = -s.RowStep;
        }
        else if (s.Brick[row * Size + col])
        {
            targetHeldBrick = true;
            if (!s.Strike)
            {
                s.Brick[row * Size + col] = false;
                reward = 1f;
                row = s.BallRow;
                s.RowStep = -s.RowStep;
            }
        }
        else if (row == PaddleRow)
        {
            if (s.NoBricksLeft) s.FillBricks();
            if (s.Paddle == s.BallCol)
            {
                s.RowStep = -s.RowStep;
                row = s.BallRow;
            }
            else if (s.Paddle == col)
            {
                s.RowStep = -s.RowStep;
                s.ColStep = -s.ColStep;
                row = s.BallRow;
            }
            else terminal = true;
        }
        s.Strike = targetHeldBrick;
        s.BallRow = row;
        s.BallCol = col;
        return reward;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, PaddleRow, s.Paddle, 0);
        Mark(grid, s.BallRow, s.BallCol, 1);
        Mark(grid, s.TrailRow, s.TrailCol, 2);
        for (int k = 0; k < s.Brick.Length; k++)
            if (s.Brick[k]) Mark(grid, k / Size, k % Size, 3);
    }
}
