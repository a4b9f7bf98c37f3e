namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar-style Breakout, written from the game's published description (MinAtar README / Young &amp; Tian 2019):
/// "The player controls a paddle on the bottom of the screen and must bounce a ball to break 3 rows of bricks along
/// the top of the screen. A reward of +1 is given for each brick broken by the ball. When all bricks are cleared
/// another 3 rows are added. The ball travels only along diagonals. When the ball hits the paddle it is bounced either
/// to the left or right depending on the side of the paddle hit. When the ball hits a wall or brick, it is reflected.
/// Termination occurs when the ball hits the bottom of the screen. The ball's direction is indicated by a trail
/// channel." The details below are this implementation's own choices.
/// <list type="bullet">
/// <item>Channels: 0 paddle, 1 ball, 2 trail (the ball's previous cell), 3 brick. Actions: 0 no-op, 1 left, 2 right.</item>
/// <item>Reset: bricks fill rows 1–3; the one-cell paddle sits at (9, 4); the ball starts at row 4 in column 0 or 9
/// (one draw) and moves diagonally down, away from its wall.</item>
/// <item>Each frame the paddle moves one cell (clamped), then the ball moves one diagonal cell. A side wall flips its
/// horizontal direction and the top wall its vertical one before it moves. If the target cell holds a brick, the
/// brick breaks (+1), and the ball bounces: it moves only sideways this frame (to the target column, staying in its
/// row) and its vertical direction flips. Entering the bottom row: if the paddle is under the target cell (the ball
/// hits the paddle's near side) the ball bounces up and back the way it came; if the paddle is under the ball's
/// current column (the ball clips the paddle's far side) it bounces up and keeps its horizontal direction; either
/// bounce moves the ball sideways like a brick bounce. Otherwise the ball reaches the bottom row and the episode
/// terminates.</item>
/// <item>Clearing every brick adds three new rows (rows 1–3). Breakout has no other difficulty ramp, so the
/// <c>ramping</c> switch does not change it.</item>
/// <item>Truncation after 1000 steps (gymnax's default episode limit).</item>
/// </list>
/// </summary>
public sealed class Breakout : MinAtarEnv
{
    public const int NoOp = 0, Left = 1, Right = 2;
    const int BrickTop = 1, BrickBottom = 3, PaddleRow = 9, StartRow = 4, StartPaddle = 4;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["paddle", "ball", "trail", "brick"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("breakout", 4, 3, 1000);

    internal sealed class State
    {
        public int BallRow, BallCol, RowStep, ColStep, TrailRow, TrailCol, Paddle, Bricks;
        public readonly bool[] Brick = new bool[Size * Size];

        public void FillBricks()
        {
            for (int r = BrickTop; r <= BrickBottom; r++)
                for (int c = 0; c < Size; c++) Brick[r * Size + c] = true;
            Bricks = (BrickBottom - BrickTop + 1) * Size;
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
    }

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        if (action == Left) s.Paddle = Math.Max(0, s.Paddle - 1);
        else if (action == Right) s.Paddle = Math.Min(Size - 1, s.Paddle + 1);

        s.TrailRow = s.BallRow;
        s.TrailCol = s.BallCol;
        int col = s.BallCol + s.ColStep;
        if (col < 0 || col >= Size)
        {
            s.ColStep = -s.ColStep;
            col = s.BallCol + s.ColStep;
        }
        if (s.BallRow + s.RowStep < 0) s.RowStep = 1;
        int row = s.BallRow + s.RowStep;

        float reward = 0f;
        if (s.Brick[row * Size + col])
        {
            s.Brick[row * Size + col] = false;
            reward = 1f;
            s.RowStep = -s.RowStep;
            row = s.BallRow;
            if (--s.Bricks == 0) s.FillBricks();
        }
        else if (row == PaddleRow)
        {
            if (s.Paddle == col || s.Paddle == s.BallCol)
            {
                if (s.Paddle == col) s.ColStep = -s.ColStep;
                s.RowStep = -1;
                row = s.BallRow;
            }
            else terminal = true;
        }
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
