using Hades.Core.Envs.MinAtar;
using Xunit.Abstractions;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Freeway's MinAtar rules (as gymnax implements them) on scripted action sequences, sticky actions off.
/// Channels: 0 chicken, 1 car, 2–6 the cell behind a car of speed 1–5. Car i drives in row i + 1.</summary>
public sealed class FreewayTests(ITestOutputHelper output)
{
    const int Chicken = 0, Car = 1;

    static MinAtarRunner<Freeway> New(bool ramping = true, ulong seed = 2)
    {
        var r = MinAtarRunner.Of(new Freeway(1, stickyProbability: 0.0, ramping));
        r.Reset(seed);
        return r;
    }

    /// <summary>Every car at column 0 driving left at speed 5 (timer 5): it moves on frames 6, 12, …, so it reaches
    /// the chicken's column 4 (0 → 9 → 8 → 7 → 6 → 5 → 4) only on frame 36.</summary>
    static void ClearRoad(MinAtarRunner<Freeway> r)
    {
        var s = r.Env.StateOf(0);
        for (int lane = 0; lane < Freeway.Lanes; lane++) s.Cars[lane] = new Freeway.Car { Col = 0, Velocity = -5, Timer = 5 };
        r.Refresh();
    }

    static int ChickenRow(MinAtarRunner<Freeway> r) => Assert.Single(r.Cells(0, Chicken)) is var (row, col) && col == 4
        ? row : throw new Xunit.Sdk.XunitException($"chicken in column {col}");

    [Fact]
    public void Reset_ChickenInRow9_EveryCarInColumn0_WithItsSpeedTrailBehindIt_SpeedsAndDirectionsDrawn()
    {
        var speeds = new HashSet<int>();
        var directions = new HashSet<int>();
        for (ulong seed = 0; seed < 10; seed++)
        {
            var r = New(seed: seed);
            Assert.Equal(9, ChickenRow(r));
            Assert.Equal(Enumerable.Range(1, 8).Select(row => (row, 0)), r.Cells(0, Car));
            for (int lane = 0; lane < 8; lane++)
            {
                var car = r.Env.StateOf(0).Cars[lane];
                Assert.Equal(car.Speed, car.Timer);
                Assert.InRange(car.Speed, 1, 5);
                int trailCol = car.Direction > 0 ? 9 : 1;   // behind column 0, wrapping
                for (int ch = 2; ch <= 6; ch++)
                    Assert.Equal(ch == 1 + car.Speed ? [(lane + 1, trailCol)] : new List<(int, int)>(),
                        r.Cells(0, ch).Where(c => c.Row == lane + 1).ToList());
                speeds.Add(car.Speed);
                directions.Add(car.Direction);
            }
            Assert.Equal(16UL, r.Env.DrawsUsed(0));   // speed and direction of 8 cars
        }
        Assert.Equal(5, speeds.Count);
        Assert.Equal(2, directions.Count);
    }

    [Fact]
    public void CarOfSpeedS_MovesEverySPlus1Frames_FirstOnFrameSPlus1_AndWrapsAroundTheEdge()
    {
        var r = New();
        ClearRoad(r);
        var s = r.Env.StateOf(0);
        s.Cars[0] = new Freeway.Car { Col = 0, Velocity = 2, Timer = 2 };    // row 1, speed 2, right
        s.Cars[1] = new Freeway.Car { Col = 0, Velocity = -1, Timer = 1 };   // row 2, speed 1, left
        var row1 = new List<int>();
        var row2 = new List<int>();
        for (int frame = 1; frame <= 6; frame++)
        {
            r.Step(Freeway.NoOp);
            row1.Add(Assert.Single(r.Cells(0, Car), c => c.Row == 1).Col);
            row2.Add(Assert.Single(r.Cells(0, Car), c => c.Row == 2).Col);
        }
        Assert.Equal([0, 0, 1, 1, 1, 2], row1);   // frames 3 and 6
        Assert.Equal([0, 9, 9, 8, 8, 7], row2);   // frames 2, 4, 6; 0 → 9 wraps
        Assert.Equal([(1, 1)], r.Cells(0, 3));    // speed-2 trail behind the right-moving car
        Assert.Equal([(2, 8)], r.Cells(0, 2));    // speed-1 trail behind the left-moving car
    }

    [Fact]
    public void Chicken_FirstMovesOnFrame4_ThenEveryThirdFrame_AndDownInRow9StillRestartsTheWait()
    {
        var r = New();
        ClearRoad(r);
        var rows = new List<int>();
        for (int frame = 1; frame <= 7; frame++) { r.Step(Freeway.Up); rows.Add(ChickenRow(r)); }
        Assert.Equal([9, 9, 9, 8, 8, 8, 7], rows);

        var bottom = New();
        ClearRoad(bottom);
        rows.Clear();
        int[] script = [Freeway.NoOp, Freeway.NoOp, Freeway.NoOp, Freeway.Down, Freeway.Up, Freeway.Up, Freeway.Up];
        foreach (int action in script) { bottom.Step(action); rows.Add(ChickenRow(bottom)); }
        Assert.Equal([9, 9, 9, 9, 9, 9, 8], rows);   // the down on frame 4 used the move: next one on frame 7
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Crossing_GivesOnePoint_ReturnsTheChickenToRow9_AndRedrawsSpeedsAndDirections_KeepingColumns(bool ramping)
    {
        var r = New(ramping);
        ClearRoad(r);
        var s = r.Env.StateOf(0);
        for (int lane = 0; lane < 8; lane++) s.Cars[lane].Col = lane;   // keep column 4 (lane 4, row 5) far from row 1
        s.Cars[4].Col = 9;
        s.Row = 1;
        s.MoveTimer = 0;
        var columns = s.Cars.Select(c => c.Col).ToArray();
        ulong draws = r.Env.DrawsUsed(0);

        Assert.Equal(1f, r.Step(Freeway.Up));
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(9, ChickenRow(r));
        Assert.Equal(draws + 16, r.Env.DrawsUsed(0));   // MinAtar has no Freeway ramp: redrawn either way
        for (int lane = 0; lane < 8; lane++)
        {
            var car = s.Cars[lane];
            Assert.Equal(columns[lane], car.Col);      // the new timer (= speed) counted down once already
            Assert.Equal(car.Speed - 1, car.Timer);
            Assert.True(r.Has(0, lane + 1, columns[lane], Car));
        }
        Assert.Equal(0f, r.Step(Freeway.NoOp));
    }

    [Fact]
    public void ChickenWalkingIntoACar_IsSentBackToRow9()
    {
        var r = New();
        ClearRoad(r);
        var s = r.Env.StateOf(0);
        s.Cars[7] = new Freeway.Car { Col = 4, Velocity = 5, Timer = 5 };   // row 8, parked in the chicken's column
        s.MoveTimer = 0;
        Assert.Equal(0f, r.Step(Freeway.Up));
        Assert.Equal(9, ChickenRow(r));
        Assert.Equal(3 - 1, s.MoveTimer);   // the move was made (and cost the wait)
    }

    [Fact]
    public void CarDrivingIntoTheChicken_SendsItBackToRow9_ButNotBeforeItsTimerRunsOut()
    {
        var r = New();
        ClearRoad(r);
        var s = r.Env.StateOf(0);
        s.Row = 5;
        s.Cars[4] = new Freeway.Car { Col = 3, Velocity = 3, Timer = 1 };   // row 5, one cell left of the chicken
        r.Refresh();
        r.Step(Freeway.NoOp);   // timer 1 → 0: no move yet
        Assert.Equal(5, ChickenRow(r));
        Assert.True(r.Has(0, 5, 3, Car));
        r.Step(Freeway.NoOp);   // moves into column 4
        Assert.Equal(9, ChickenRow(r));
        Assert.True(r.Has(0, 5, 4, Car));
        Assert.True(r.Has(0, 5, 3, 1 + 3));   // speed-3 trail
    }

    [Fact]
    public void Episode_HasNoTerminalState_AndIsTruncatedAfter2500Frames()
    {
        var r = New();
        double total = 0;
        for (int frame = 1; frame < 2500; frame++)
        {
            total += r.Step(Freeway.Up);
            Assert.Equal(0, r.Done[0]);
        }
        total += r.Step(Freeway.Up);
        Assert.Equal(1, r.Done[0]);
        Assert.Equal(2500, r.Env.StepsTaken(0));
        Assert.True(total > 0, "always-up never crossed in 2500 frames");
        output.WriteLine($"always-up return over 2500 frames: {total}");
    }

    /// <summary>A cross-check against MinAtar's reference (docs/minatar.md): always up, 1,000 episodes.</summary>
    [Fact, Trait("Category", "slow")]
    public void ScriptedPolicy_AlwaysUp_ReturnOver1000Episodes() =>
        output.WriteLine(MinAtarScriptedReturns.Measure("freeway", 1000, 2024, MinAtarOptions.Default, (_, _, _) => Freeway.Up));
}
