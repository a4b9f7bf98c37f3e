using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Breakout rules on scripted paddle paths (sticky actions off). Channels: 0 paddle, 1 ball, 2 trail, 3 brick.</summary>
public sealed class BreakoutTests
{
    const int Paddle = 0, Ball = 1, Trail = 2, Brick = 3;

    static MinAtarRunner<Breakout> New(int count = 1, bool ramping = true) =>
        MinAtarRunner.Of(new Breakout(count, stickyProbability: 0.0, ramping));

    /// <summary>A seed whose instance 0 starts the ball in column <paramref name="col"/> (0 or 9).</summary>
    static MinAtarRunner<Breakout> StartingAt(int col)
    {
        for (ulong seed = 0; seed < 100; seed++)
        {
            var r = New();
            r.Reset(seed);
            if (r.Has(0, 4, col, Ball)) return r;
        }
        throw new InvalidOperationException($"no seed below 100 starts the ball in column {col}");
    }

    [Fact]
    public void Reset_ThreeBrickRows_PaddleAtTheBottom_BallAtRowFourNextToAWall()
    {
        var starts = new HashSet<int>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var r = New();
            r.Reset(seed);
            Assert.Equal(Enumerable.Range(1, 3).SelectMany(row => Enumerable.Range(0, 10).Select(col => (row, col))),
                r.Cells(0, Brick));
            Assert.Equal([(9, 4)], r.Cells(0, Paddle));
            var ball = Assert.Single(r.Cells(0, Ball));
            Assert.Equal(4, ball.Row);
            Assert.Contains(ball.Col, new[] { 0, 9 });
            starts.Add(ball.Col);
        }
        Assert.Equal(2, starts.Count);   // both walls occur
    }

    [Fact]
    public void Paddle_MovesOneCellPerStep_AndStopsAtTheWalls()
    {
        var r = New();
        r.Reset(1);
        r.Step(Breakout.Left);
        Assert.Equal([(9, 3)], r.Cells(0, Paddle));
        r.Step(Breakout.Right);
        r.Step(Breakout.Right);
        Assert.Equal([(9, 5)], r.Cells(0, Paddle));
        r.Step(Breakout.NoOp);
        Assert.Equal([(9, 5)], r.Cells(0, Paddle));
        var s = r.Env.StateOf(0);
        s.Paddle = 0;
        r.Step(Breakout.Left);
        Assert.Equal(0, s.Paddle);
        s.Paddle = 9;
        r.Step(Breakout.Right);
        Assert.Equal(9, s.Paddle);
    }

    [Theory]
    [InlineData(0, 8)]   // ball from the left clips the paddle's far side, keeps going right, breaks (3, 8) off the wall
    [InlineData(9, 9)]   // ball from the right hits the paddle's near side, is sent back right, breaks (3, 9)
    public void ScriptedPaddlePath_ReturnsTheBall_AndBreaksABrick(int startCol, int brickCol)
    {
        var r = StartingAt(startCol);
        int[] script = [Breakout.Right, Breakout.Right, Breakout.Left, Breakout.Left, Breakout.NoOp];
        float total = 0;
        for (int step = 1; step <= 10; step++)
        {
            float reward = r.Step(step <= script.Length ? script[step - 1] : Breakout.NoOp);
            Assert.Equal(0, r.Done[0]);
            total += reward;
            Assert.Equal(step == 10 ? 1f : 0f, reward);
            var ball = Assert.Single(r.Cells(0, Ball));
            var trail = Assert.Single(r.Cells(0, Trail));
            Assert.Equal(1, Math.Abs(ball.Col - trail.Col));   // the trail is the previous cell, one column away
            if (step <= 4) Assert.Equal((4 + step, startCol == 0 ? step : 9 - step), ball);
        }
        Assert.Equal(1f, total);
        Assert.False(r.Has(0, 3, brickCol, Brick));
        Assert.Equal(29, r.Cells(0, Brick).Count);
        Assert.Equal((4, brickCol), Assert.Single(r.Cells(0, Ball)));   // bounced back down from the brick row
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void MissedBall_TerminatesWhenItReachesTheBottom(int startCol)
    {
        var r = StartingAt(startCol);
        for (int step = 1; step <= 5; step++)
        {
            r.Step(Breakout.Left);   // paddle ends at column 0, far from the landing cell
            Assert.Equal(step == 5 ? 1 : 0, r.Done[0]);
            Assert.Equal(0f, r.Rewards[0]);
        }
        Assert.Equal(9, Assert.Single(r.Cells(0, Ball)).Row);
        r.Step(Breakout.Right);
        Assert.Equal(1, r.Done[0]);
        Assert.Equal(0f, r.Rewards[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ClearingTheLastBrick_AddsThreeNewRows(bool ramping)
    {
        var r = New(ramping: ramping);
        for (ulong seed = 0; ; seed++)
        {
            r.Reset(seed);
            if (r.Has(0, 4, 0, Ball)) break;
        }
        var s = r.Env.StateOf(0);
        Array.Clear(s.Brick);
        s.Brick[3 * 10 + 8] = true;   // the one brick the ball from the left reaches at step 10
        s.Bricks = 1;
        float total = 0;
        for (int step = 1; step <= 10; step++) total += r.Step(Breakout.NoOp);
        Assert.Equal(1f, total);
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(30, s.Bricks);
        Assert.Equal(Enumerable.Range(1, 3).SelectMany(row => Enumerable.Range(0, 10).Select(col => (row, col))),
            r.Cells(0, Brick));
    }

    [Fact]
    public void TopWallReflectsTheBall_IntoABrickThatBreaksFromAbove()
    {
        var r = New();
        r.Reset(0);
        var s = r.Env.StateOf(0);
        Array.Clear(s.Brick);
        s.Brick[1 * 10 + 5] = true;
        s.Brick[1 * 10 + 7] = true;
        s.Bricks = 2;
        s.BallRow = 0; s.BallCol = 4; s.RowStep = -1; s.ColStep = 1;
        Assert.Equal(1f, r.Step(Breakout.NoOp));   // the wall turns it down onto (1, 5), which breaks
        Assert.Equal((0, 5), Assert.Single(r.Cells(0, Ball)));
        Assert.Equal((0, 4), Assert.Single(r.Cells(0, Trail)));
        Assert.Equal([(1, 7)], r.Cells(0, Brick));
        Assert.Equal(0f, r.Step(Breakout.NoOp));   // heading up again: the wall turns it down to (1, 6)
        Assert.Equal((1, 6), Assert.Single(r.Cells(0, Ball)));
        Assert.Equal(0f, r.Step(Breakout.NoOp));   // (2, 7): below the remaining brick, moving down
        Assert.Equal((2, 7), Assert.Single(r.Cells(0, Ball)));
    }
}
