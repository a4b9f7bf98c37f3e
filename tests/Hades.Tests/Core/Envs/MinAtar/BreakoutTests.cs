using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>
/// Breakout's rules (gymnax's MinAtar Breakout) on scripted paddle paths, sticky actions off. Each scenario lists
/// the ball's cell after every step, traced by hand from the rules on <see cref="Breakout"/>.
/// Channels: 0 paddle, 1 ball, 2 trail, 3 brick.
/// </summary>
public sealed class BreakoutTests
{
    const int Paddle = 0, Ball = 1, Trail = 2, Brick = 3;
    const int L = Breakout.Left, R = Breakout.Right, N = Breakout.NoOp;

    static MinAtarRunner<Breakout> New(bool ramping = true) =>
        MinAtarRunner.Of(new Breakout(1, stickyProbability: 0.0, ramping));

    /// <summary>A game whose ball starts in column <paramref name="col"/> (0 or 9).</summary>
    static MinAtarRunner<Breakout> StartingAt(int col, bool ramping = true)
    {
        for (ulong seed = 0; seed < 100; seed++)
        {
            var r = New(ramping);
            r.Reset(seed);
            if (r.Has(0, 3, col, Ball)) return r;
        }
        throw new InvalidOperationException($"no seed below 100 starts the ball in column {col}");
    }

    static IEnumerable<(int, int)> FullWall() =>
        Enumerable.Range(1, 3).SelectMany(row => Enumerable.Range(0, 10).Select(col => (row, col)));

    /// <summary>A game from the left start with every brick removed except <paramref name="bricks"/>.</summary>
    static MinAtarRunner<Breakout> WithBricks(params (int Row, int Col)[] bricks)
    {
        var r = StartingAt(0);
        var s = r.Env.StateOf(0);
        Array.Clear(s.Brick);
        foreach (var (row, col) in bricks) s.Brick[row * 10 + col] = true;
        r.Refresh();
        return r;
    }

    /// <summary>Plays <paramref name="actions"/> and checks the ball's cell and the reward after each step; the
    /// episode must not end before the last step, and ends there when <paramref name="endsOnLast"/>.</summary>
    static void Play(MinAtarRunner<Breakout> r, int[] actions, (int Row, int Col)[] balls, float[] rewards, bool endsOnLast = false)
    {
        for (int k = 0; k < actions.Length; k++)
        {
            var trail = Assert.Single(r.Cells(0, Ball));
            float reward = r.Step(actions[k]);
            Assert.True(balls[k] == Assert.Single(r.Cells(0, Ball)), $"step {k + 1}: ball at {r.Cells(0, Ball)[0]}, expected {balls[k]}");
            Assert.Equal(trail, Assert.Single(r.Cells(0, Trail)));   // the trail is the ball's previous cell
            Assert.True(rewards[k] == reward, $"step {k + 1}: reward {reward}, expected {rewards[k]}");
            Assert.Equal(endsOnLast && k == actions.Length - 1 ? 1 : 0, r.Done[0]);
        }
    }

    static float[] Zeros(int n) => new float[n];

    [Fact]
    public void Reset_FullWall_PaddleAt94_BallInsideBrickRowThree_NextToAWall()
    {
        var starts = new HashSet<int>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var r = New();
            r.Reset(seed);
            Assert.Equal(FullWall(), r.Cells(0, Brick));   // the brick under the ball is there too
            Assert.Equal([(9, 4)], r.Cells(0, Paddle));
            var ball = Assert.Single(r.Cells(0, Ball));
            Assert.Equal(3, ball.Row);
            Assert.Contains(ball.Col, new[] { 0, 9 });
            Assert.Equal([ball], r.Cells(0, Trail));
            starts.Add(ball.Col);
        }
        Assert.Equal(2, starts.Count);   // both walls occur
    }

    [Fact]
    public void Paddle_MovesOneCellPerStep_AndStopsAtTheWalls()
    {
        var r = New();
        r.Reset(1);
        r.Step(L);
        Assert.Equal([(9, 3)], r.Cells(0, Paddle));
        r.Step(R);
        r.Step(R);
        Assert.Equal([(9, 5)], r.Cells(0, Paddle));
        r.Step(N);
        Assert.Equal([(9, 5)], r.Cells(0, Paddle));
        var s = r.Env.StateOf(0);
        s.Paddle = 0;
        r.Step(L);
        Assert.Equal(0, s.Paddle);
        s.Paddle = 9;
        r.Step(R);
        Assert.Equal(9, s.Paddle);
    }

    [Theory]
    [InlineData(0, 6)]   // from (3, 0) down-right: (4,1) .. (8,5), then the bottom row at (9, 6)
    [InlineData(9, 3)]   // from (3, 9) down-left: (4,8) .. (8,4), then (9, 3)
    public void MissedBall_EntersTheBottomRowOnStepSix_AndTerminates(int startCol, int landingCol)
    {
        var r = StartingAt(startCol);
        int dc = startCol == 0 ? 1 : -1;
        var balls = Enumerable.Range(1, 6).Select(k => (3 + k, startCol + dc * k)).ToArray();
        Assert.Equal((9, landingCol), balls[^1]);
        r.Env.StateOf(0).Paddle = startCol == 0 ? 1 : 8;   // far from both the ball's column and the landing cell
        Play(r, [N, N, N, N, N, N], balls, Zeros(6), endsOnLast: true);
        Assert.Equal(30, r.Cells(0, Brick).Count);
    }

    [Fact]
    public void PaddleInTheTargetColumn_SendsTheBallBack_ThenTheLeftWallClampsIt()
    {
        // Paddle 4 → 6. Step 6: the ball at (8, 5) heads for (9, 6) where the paddle is: it bounces back up-left,
        // moving sideways to (8, 6). Step 11 breaks (3, 1) and bounces down to (4, 1); step 13 would leave the grid
        // at column −1: the column is clamped to 0 and the ball moves straight down to (6, 0), then down-right.
        var r = StartingAt(0);
        Play(r,
            [R, R, N, N, N, N, N, N, N, N, N, N, N, N, N],
            [(4, 1), (5, 2), (6, 3), (7, 4), (8, 5), (8, 6), (7, 5), (6, 4), (5, 3), (4, 2), (4, 1), (5, 0), (6, 0), (7, 1), (8, 2)],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
        Assert.False(r.Has(0, 3, 1, Brick));
        Assert.Equal(29, r.Cells(0, Brick).Count);
        r.Step(N);   // (9, 3): paddle at 6, ball column 2: missed
        Assert.Equal(1, r.Done[0]);
        Assert.Equal((9, 3), Assert.Single(r.Cells(0, Ball)));
    }

    [Fact]
    public void PaddleUnderTheBall_BouncesItStraightUp_ThenTheRightWallClampsIt_AndABrickBreaks()
    {
        // Paddle 4 → 5. Step 6: the ball at (8, 5) is above the paddle: it bounces up and keeps going right, to
        // (8, 6). Step 10 would reach column 10: clamped to 9, now up-left; step 11 breaks (3, 8) and drops back.
        var r = StartingAt(0);
        Play(r,
            [R, N, N, N, N, N, N, N, N, N, N, N],
            [(4, 1), (5, 2), (6, 3), (7, 4), (8, 5), (8, 6), (7, 7), (6, 8), (5, 9), (4, 9), (4, 8), (5, 7)],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
        Assert.False(r.Has(0, 3, 8, Brick));
        Assert.Equal(29, r.Cells(0, Brick).Count);
    }

    [Fact]
    public void BallInTheCorner_WithThePaddleBelow_BouncesStraightUp()
    {
        // The ball at (8, 9) moving down-right: the wall clamps it to column 9 and turns it down-left; the paddle
        // is under its column, so it bounces straight up, staying at (8, 9), now up-left.
        var r = StartingAt(0);
        var s = r.Env.StateOf(0);
        (s.BallRow, s.BallCol, s.RowStep, s.ColStep, s.Paddle) = (8, 9, 1, 1, 9);
        r.Refresh();
        Play(r, [N, N, N], [(8, 9), (7, 8), (6, 7)], Zeros(3));
    }

    [Fact]
    public void StrikeGuard_AfterABreak_TheBallEntersTheNextBrickWithoutBreakingIt()
    {
        // From (2, 5) down-right: step 1 breaks (3, 6) and the ball moves sideways to (2, 6), now up-right. Step 2's
        // target (1, 7) holds a brick, but the ball struck one on the previous frame: it enters the cell and the
        // brick stays. Step 3 leaves the bricks, step 4 meets the top wall (row clamped, now down), step 5 the
        // right wall (column clamped, now down-left).
        var r = WithBricks((3, 6), (1, 7));
        var s = r.Env.StateOf(0);
        (s.BallRow, s.BallCol, s.RowStep, s.ColStep) = (2, 5, 1, 1);
        r.Refresh();
        Play(r, [N, N], [(2, 6), (1, 7)], [1, 0]);
        Assert.Equal([(1, 7)], r.Cells(0, Brick));   // ball and brick share the cell
        Play(r, [N, N, N, N], [(0, 8), (0, 9), (1, 9), (2, 8)], Zeros(4));
        Assert.Equal([(1, 7)], r.Cells(0, Brick));
    }

    [Fact]
    public void TopWall_TurnsTheBallDown_WithoutAStrike_SoTheNextBrickBreaks()
    {
        var r = WithBricks((1, 6));
        var s = r.Env.StateOf(0);
        (s.BallRow, s.BallCol, s.RowStep, s.ColStep) = (0, 4, -1, 1);
        r.Refresh();
        // Step 1: row −1 is clamped to 0, the ball moves to (0, 5) heading down. Step 2 breaks (1, 6) and stays in
        // row 0 at (0, 6), heading up; step 3 meets the wall again: (0, 7), heading down; step 4: (1, 8).
        Play(r, [N, N, N, N], [(0, 5), (0, 6), (0, 7), (1, 8)], [0, 1, 0, 0]);
        Assert.Empty(r.Cells(0, Brick));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]   // Breakout has no ramp: the switch changes nothing
    public void LastBrick_RefillsTheWallOnlyWhenTheBallNextReachesThePaddleRow(bool ramping)
    {
        // The path of the test above, with (3, 8) the only brick: it breaks on step 11 and the wall stays empty
        // until step 16, when the ball enters row 9's level: the three rows come back, and the paddle (moved back
        // to 4, the ball's column) bounces the ball straight up to (8, 3).
        var r = StartingAt(0, ramping);
        var s = r.Env.StateOf(0);
        Array.Clear(s.Brick);
        s.Brick[3 * 10 + 8] = true;
        r.Refresh();
        Play(r,
            [R, N, N, N, N, N, N, N, N, N, N, N, N, N, L],
            [(4, 1), (5, 2), (6, 3), (7, 4), (8, 5), (8, 6), (7, 7), (6, 8), (5, 9), (4, 9), (4, 8), (5, 7), (6, 6), (7, 5), (8, 4)],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
        Assert.Empty(r.Cells(0, Brick));
        Play(r, [N, N], [(8, 3), (7, 2)], Zeros(2));
        Assert.Equal(FullWall(), r.Cells(0, Brick));
    }
}
