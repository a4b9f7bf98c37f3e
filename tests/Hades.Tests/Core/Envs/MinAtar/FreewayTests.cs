using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Freeway rules on scripted action sequences (sticky actions off). Channels: 0 chicken, 1 car, 2–6 trail
/// of a car moving every 1–5 frames.</summary>
public sealed class FreewayTests
{
    const int Chicken = 0, Car = 1;

    static MinAtarRunner<Freeway> New(bool ramping = true, ulong seed = 2)
    {
        var r = MinAtarRunner.Of(new Freeway(1, stickyProbability: 0.0, ramping));
        r.Reset(seed);
        return r;
    }

    /// <summary>Cars placed so that none reaches the chicken's column 4 within 45 frames (all move every 5 frames,
    /// nine cells away in their direction of travel).</summary>
    static void ClearRoad(Freeway.State s)
    {
        for (int lane = 0; lane < 8; lane++)
        {
            s.CarCol[lane] = lane % 2 == 0 ? 5 : 3;
            s.Period[lane] = 5;
            s.Timer[lane] = 5;
        }
    }

    [Fact]
    public void Reset_ChickenAtTheBottom_OneCarPerLane_WithItsSpeedTrailBehindIt()
    {
        var periods = new HashSet<int>();
        for (ulong seed = 0; seed < 10; seed++)
        {
            var r = New(seed: seed);
            Assert.Equal([(9, 4)], r.Cells(0, Chicken));
            var cars = r.Cells(0, Car);
            Assert.Equal(Enumerable.Range(1, 8), cars.Select(c => c.Row));
            foreach (var (row, col) in cars)
            {
                int direction = (row - 1) % 2 == 0 ? 1 : -1;
                int trailCol = (col - direction + 10) % 10;
                var channels = Enumerable.Range(2, 5).Where(ch => r.Has(0, row, trailCol, ch)).ToList();
                int channel = Assert.Single(channels);
                Assert.Equal(r.Env.StateOf(0).Period[row - 1], channel - 1);
                periods.Add(channel - 1);
                Assert.Equal(1, Enumerable.Range(0, 10).Count(c => Enumerable.Range(2, 5).Any(ch => r.Has(0, row, c, ch))));
            }
        }
        Assert.Equal(5, periods.Count);   // every speed from 1 to 5 occurs
    }

    [Fact]
    public void Chicken_MovesAtMostEveryThirdFrame()
    {
        var r = New();
        ClearRoad(r.Env.StateOf(0));
        int[] expectedRows = [8, 8, 8, 7, 7, 7, 6];
        foreach (int row in expectedRows)
        {
            r.Step(Freeway.Up);
            Assert.Equal([(row, 4)], r.Cells(0, Chicken));
        }
        r.Step(Freeway.NoOp);   // frames 8 and 9: waiting after the move at frame 7
        r.Step(Freeway.NoOp);
        r.Step(Freeway.Down);   // frame 10: allowed
        Assert.Equal([(7, 4)], r.Cells(0, Chicken));
        r.Step(Freeway.Up);
        Assert.Equal([(7, 4)], r.Cells(0, Chicken));
    }

    [Fact]
    public void Down_AtTheBottom_IsIgnored()
    {
        var r = New();
        ClearRoad(r.Env.StateOf(0));
        r.Step(Freeway.Down);
        r.Step(Freeway.Up);   // not blocked by a wait: the down move did not happen
        Assert.Equal([(8, 4)], r.Cells(0, Chicken));
    }

    [Fact]
    public void Crossing_GivesOnePoint_AndReturnsTheChickenToTheBottom()
    {
        var r = New();
        ClearRoad(r.Env.StateOf(0));
        float total = 0;
        for (int step = 1; step <= 27; step++)
        {
            float reward = r.Step(Freeway.Up);
            Assert.Equal(step == 25 ? 1f : 0f, reward);
            total += reward;
            if (step == 24) Assert.Equal([(1, 4)], r.Cells(0, Chicken));
            if (step == 25) Assert.Equal([(9, 4)], r.Cells(0, Chicken));
        }
        Assert.Equal(1f, total);
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void ChickenWalkingIntoACar_IsSentBackToTheBottom()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        ClearRoad(s);
        s.CarCol[7] = 4;   // row 8, directly above the chicken
        r.Step(Freeway.Up);
        Assert.Equal([(9, 4)], r.Cells(0, Chicken));
        Assert.Equal(0f, r.Rewards[0]);
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void CarDrivingIntoTheChicken_SendsItBackToTheBottom()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        ClearRoad(s);
        for (int k = 0; k < 4; k++) r.Step(Freeway.Up);   // frames 1 and 4: chicken in row 7 (lane 6, moving right)
        Assert.Equal([(7, 4)], r.Cells(0, Chicken));
        s.CarCol[6] = 3;
        s.Timer[6] = 1;
        r.Step(Freeway.NoOp);
        Assert.Equal([(9, 4)], r.Cells(0, Chicken));
        Assert.True(r.Has(0, 7, 4, Car));
    }

    [Fact]
    public void Cars_MoveEveryPeriodFrames_AndWrapAroundTheEdge()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        ClearRoad(s);
        s.CarCol[0] = 9; s.Period[0] = 2; s.Timer[0] = 2;    // row 1, drives right
        s.CarCol[1] = 0; s.Period[1] = 1; s.Timer[1] = 1;    // row 2, drives left
        r.Step(Freeway.NoOp);
        Assert.True(r.Has(0, 1, 9, Car));
        Assert.True(r.Has(0, 2, 9, Car));
        Assert.True(r.Has(0, 2, 0, 2));                     // speed-1 trail where it was
        r.Step(Freeway.NoOp);
        Assert.True(r.Has(0, 1, 0, Car));
        Assert.True(r.Has(0, 1, 9, 3));                     // speed-2 trail
        Assert.True(r.Has(0, 2, 8, Car));
    }

    [Fact]
    public void Episode_IsTruncatedAfter2500Steps_AndNotBefore()
    {
        var r = New();
        for (int step = 1; step <= 2500; step++)
        {
            r.Step(Freeway.NoOp);
            Assert.Equal(step == 2500 ? 1 : 0, r.Done[0]);
            Assert.Equal(0f, r.Rewards[0]);
        }
        r.Step(Freeway.Up);
        Assert.Equal(1, r.Done[0]);
        Assert.Equal([(9, 4)], r.Cells(0, Chicken));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Crossing_RedrawsTheCarSpeeds_OnlyWhenRamping(bool ramping)
    {
        var r = New(ramping);
        var s = r.Env.StateOf(0);
        ClearRoad(s);
        for (int step = 1; step <= 25; step++) r.Step(Freeway.Up);
        Assert.Equal(1f, r.Rewards[0]);
        if (ramping)
        {
            Assert.Contains(s.Period, p => p != 5);
            Assert.All(s.Period, p => Assert.InRange(p, 1, 5));
        }
        else Assert.All(s.Period, p => Assert.Equal(5, p));
    }
}
