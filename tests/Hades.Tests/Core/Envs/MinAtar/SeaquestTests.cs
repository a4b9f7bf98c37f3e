using Hades.Core.Envs.MinAtar;
using Xunit.Abstractions;
using Thing = Hades.Core.Envs.MinAtar.Seaquest.Thing;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Seaquest's MinAtar rules (as gymnax implements them) on scripted action sequences, sticky actions off.
/// Cells are (row, column); row 0 is the surface, row 9 the gauges.</summary>
public sealed class SeaquestTests(ITestOutputHelper output)
{
    const int Front = 0, Back = 1, FriendlyBullet = 2, Trail = 3, EnemyBullet = 4, Fish = 5, EnemySub = 6;
    const int OxygenGauge = 7, DiverGauge = 8, Diver = 9;

    static MinAtarRunner<Seaquest> New(bool ramping = true, ulong seed = 2, bool quiet = true)
    {
        var r = MinAtarRunner.Of(new Seaquest(1, stickyProbability: 0.0, ramping));
        r.Reset(seed);
        if (quiet)
        {
            // no random spawns during the scenario
            r.Env.StateOf(0).SpawnTimer = 10_000;
            r.Env.StateOf(0).DiverSpawnTimer = 10_000;
        }
        return r;
    }

    static List<int> Columns(MinAtarRunner<Seaquest> r, int row, int channel) =>
        r.Cells(0, channel).Where(c => c.Row == row).Select(c => c.Col).ToList();

    static void PlaceSub(MinAtarRunner<Seaquest> r, int row, int col, bool facingRight)
    {
        var s = r.Env.StateOf(0);
        (s.Row, s.Col, s.FacingRight, s.Surfaced) = (row, col, facingRight, row == 0);
        r.Refresh();
    }

    [Fact]
    public void Reset_SubSurfacedAtColumn5FacingLeft_FullOxygenBar_NothingElse()
    {
        var r = New(quiet: false);
        Assert.Equal([(0, 5)], r.Cells(0, Front));
        Assert.Equal([(0, 6)], r.Cells(0, Back));
        Assert.Equal(Enumerable.Range(0, 10).Select(c => (9, c)), r.Cells(0, OxygenGauge));
        foreach (int ch in new[] { FriendlyBullet, Trail, EnemyBullet, Fish, EnemySub, DiverGauge, Diver })
            Assert.Empty(r.Cells(0, ch));
        Assert.Equal(0UL, r.Env.DrawsUsed(0));
    }

    [Fact]
    public void Sub_MovesOneCell_TurnsWithLeftAndRight_StaysInRows0To8()
    {
        var r = New();
        r.Step(Seaquest.Right);
        Assert.Equal([(0, 6)], r.Cells(0, Front));
        Assert.Equal([(0, 5)], r.Cells(0, Back));
        for (int i = 0; i < 10; i++) r.Step(Seaquest.Down);
        Assert.Equal([(8, 6)], r.Cells(0, Front));
        r.Step(Seaquest.Left);
        Assert.Equal([(8, 5)], r.Cells(0, Front));
        Assert.Equal([(8, 6)], r.Cells(0, Back));
        for (int i = 0; i < 7; i++) r.Step(Seaquest.Left);
        Assert.Equal([(8, 0)], r.Cells(0, Front));
        Assert.Equal([(8, 1)], r.Cells(0, Back));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void Oxygen_FallsByOnePerFrameBelowTheSurface_AndTheGameEndsTheFrameAfterItReaches0()
    {
        var r = New();
        r.Step(Seaquest.Down);
        Assert.Equal(199, r.Env.StateOf(0).Oxygen);
        Assert.Equal(9, Columns(r, 9, OxygenGauge).Count);   // ⌊10·199/200⌋
        r.Env.StateOf(0).Oxygen = 1;
        r.Step(Seaquest.NoOp);   // 1 → 0, still alive
        Assert.Equal(0, r.Done[0]);
        Assert.Empty(Columns(r, 9, OxygenGauge));
        r.Step(Seaquest.NoOp);   // oxygen ≤ 0 at the start of the timers: over
        Assert.Equal(1, r.Done[0]);

        var surface = New();     // at the surface oxygen is not used
        for (int i = 0; i < 50; i++) surface.Step(Seaquest.NoOp);
        Assert.Equal(200, surface.Env.StateOf(0).Oxygen);
        Assert.Equal(0, surface.Done[0]);
    }

    [Fact]
    public void Surfacing_WithNoDiver_EndsTheGame_WithSomeDropsOne_WithSixPaysTheOxygenBar()
    {
        var none = New();
        none.Step(Seaquest.Down);
        none.Step(Seaquest.Up);
        Assert.Equal(1, none.Done[0]);
        Assert.Equal(0f, none.Rewards[0]);

        var three = New();
        three.Step(Seaquest.Down);
        three.Env.StateOf(0).Divers = 3;
        three.Env.StateOf(0).Oxygen = 57;
        Assert.Equal(0f, three.Step(Seaquest.Up));
        Assert.Equal(0, three.Done[0]);
        Assert.Equal([7, 8], Columns(three, 9, DiverGauge));   // two left, drawn in columns 9 − 2 … 8
        Assert.Equal(10, Columns(three, 9, OxygenGauge).Count);

        var six = New();
        PlaceSub(six, 1, 5, false);
        six.Env.StateOf(0).Divers = 6;
        six.Env.StateOf(0).Oxygen = 150;
        six.Refresh();
        Assert.Equal([3, 4, 5, 6, 7, 8], Columns(six, 9, DiverGauge));
        Assert.Equal(7f, six.Step(Seaquest.Up));   // ⌊10·150/200⌋ = 7 oxygen cells
        Assert.Equal(0, six.Done[0]);
        Assert.Equal(-1, six.Env.StateOf(0).Divers);   // MinAtar's arithmetic: 0, then one diver removed
        Assert.Empty(Columns(six, 9, DiverGauge));
        six.Step(Seaquest.Down);
        six.Step(Seaquest.Up);   // so the next surfacing, with no diver, does not end the game
        Assert.Equal(0, six.Done[0]);
        Assert.Equal(-2, six.Env.StateOf(0).Divers);
    }

    [Theory]
    [InlineData(1, 5, 19)]
    [InlineData(2, 4, 18)]
    [InlineData(3, 4, 17)]
    [InlineData(4, 3, 16)]
    [InlineData(6, 2, 14)]
    [InlineData(8, 2, 12)]
    [InlineData(19, 2, 1)]
    [InlineData(25, 2, 1)]
    public void EachSurfacing_RampsTheSpawnIntervalBy1_AndTheMoveIntervalEverySecondTime(int surfacings, int move, int spawn)
    {
        foreach (bool ramping in new[] { true, false })
        {
            var r = New(ramping);
            var s = r.Env.StateOf(0);
            for (int k = 0; k < surfacings; k++)
            {
                s.Divers = 3;
                r.Step(Seaquest.Down);
                r.Step(Seaquest.Up);
                Assert.Equal(0, r.Done[0]);
            }
            Assert.Equal(ramping ? move : 5, s.MoveInterval);
            Assert.Equal(ramping ? spawn : 20, s.SpawnInterval);
            Assert.Equal(ramping ? Math.Min(surfacings, 19) : 0, s.RampIndex);
        }
    }

    [Fact]
    public void EnemiesSpawnOnFrame21_ThenEvery20Frames_DiversOnFrame31_ThenEvery30_AndMoveEverySixthFrame()
    {
        var r = New(seed: 5, quiet: false);
        var drawFrames = new List<(int Frame, ulong Draws)>();
        ulong draws = 0;
        Thing? first = null;
        var firstColumns = new List<int>();
        for (int frame = 1; frame <= 61; frame++)
        {
            r.Step(Seaquest.NoOp);   // safe at the surface
            Assert.Equal(0, r.Done[0]);
            if (r.Env.DrawsUsed(0) != draws) drawFrames.Add((frame, r.Env.DrawsUsed(0) - draws));
            draws = r.Env.DrawsUsed(0);
            var s = r.Env.StateOf(0);
            first ??= s.Fish.Concat(s.Subs).FirstOrDefault();
            if (first is not null && frame <= 33) firstColumns.Add(first.Col);
        }
        // enemy: direction, kind, row (3 draws); diver: direction, row (2 draws)
        Assert.Equal([(21, 3UL), (31, 2UL), (41, 3UL), (61, 5UL)], drawFrames);
        Assert.NotNull(first);
        Assert.InRange(first.Row, 1, 8);
        int start = first.Right ? 0 : 9, d = first.Direction;
        // spawned on frame 21 with its move timer at 5: moves on frames 26 and 32
        Assert.Equal([.. Enumerable.Repeat(start, 5), .. Enumerable.Repeat(start + d, 6), start + 2 * d, start + 2 * d], firstColumns);
    }

    [Fact]
    public void EnemiesAndDivers_EnterAtTheSideTheyMoveFrom_WithATrailBehindOnceOnTheGrid()
    {
        var r = New(seed: 9, quiet: false);
        for (int frame = 0; frame < 21; frame++) r.Step(Seaquest.NoOp);
        var s = r.Env.StateOf(0);
        var enemy = Assert.Single(s.Fish.Concat(s.Subs));
        int channel = s.Subs.Count == 1 ? EnemySub : Fish;
        Assert.Equal([(enemy.Row, enemy.Right ? 0 : 9)], r.Cells(0, channel));
        Assert.Empty(r.Cells(0, Trail));   // its trail cell is off the grid
        for (int frame = 0; frame < 5; frame++) r.Step(Seaquest.NoOp);
        int col = enemy.Right ? 1 : 8;
        Assert.Equal([(enemy.Row, col)], r.Cells(0, channel));
        Assert.Equal([(enemy.Row, col - enemy.Direction)], r.Cells(0, Trail));
    }

    [Fact]
    public void EnemiesDoNotSpawnInARow_WhereAnEnemyMovesTheOtherWay()
    {
        int spawned = 0, blocked = 0;
        for (ulong seed = 0; seed < 40; seed++)
        {
            var r = New(seed: seed);
            var s = r.Env.StateOf(0);
            for (int row = 1; row <= 8; row++)
                s.Fish.Add(new Thing { Row = row, Col = 5, Right = false, MoveTimer = 100 });
            s.SpawnTimer = 0;
            r.Step(Seaquest.NoOp);
            Assert.Equal(3UL, r.Env.DrawsUsed(0));
            var newcomers = s.Fish.Concat(s.Subs).Where(e => e.Col != 5).ToList();
            if (newcomers.Count == 0) { blocked++; continue; }
            var e = Assert.Single(newcomers);
            Assert.False(e.Right);   // only a left-moving enemy may join a left-moving row
            Assert.Equal(9, e.Col);
            spawned++;
        }
        Assert.True(spawned > 0 && blocked > 0, $"spawned {spawned}, blocked {blocked}");
    }

    [Fact]
    public void FriendlyBullet_LeavesTheFront_MovesOneCellPerFrame_StrikesAFish_ForOnePoint_AndReloadsIn5Frames()
    {
        var r = New();
        PlaceSub(r, 2, 3, facingRight: true);
        var s = r.Env.StateOf(0);
        s.Fish.Add(new Thing { Row = 2, Col = 5, Right = false, MoveTimer = 3 });
        s.Oxygen = 200;

        Assert.Equal(0f, r.Step(Seaquest.Fire));
        Assert.Equal([(2, 4)], r.Cells(0, FriendlyBullet));
        Assert.Equal(1f, r.Step(Seaquest.Fire));       // bullet meets the fish at (2, 5); no reload yet
        Assert.Empty(r.Cells(0, FriendlyBullet));
        Assert.Empty(r.Cells(0, Fish));
        var fired = new List<int>();
        for (int frame = 3; frame <= 12; frame++)
        {
            r.Step(Seaquest.Fire);
            if (r.Cells(0, FriendlyBullet).Contains((2, 4))) fired.Add(frame);   // a new bullet, one cell out
        }
        Assert.Equal([6, 11], fired);   // fired on frame 1: shot timer 5, free again on frames 6, 11

        var left = New();
        PlaceSub(left, 4, 5, facingRight: false);
        left.Step(Seaquest.Fire);
        Assert.Equal([(4, 4)], left.Cells(0, FriendlyBullet));
    }

    [Fact]
    public void EnemySub_FiresFromItsCellEvery11Frames_AndItsBulletEndsTheGame()
    {
        var r = New();
        PlaceSub(r, 3, 6, facingRight: false);
        var s = r.Env.StateOf(0);
        s.Subs.Add(new Thing { Row = 3, Col = 1, Right = true, MoveTimer = 100, ShotTimer = 0 });
        r.Refresh();
        Assert.Equal([(3, 1)], r.Cells(0, EnemySub));

        r.Step(Seaquest.NoOp);   // fires at (3, 1); the bullet moves the same frame
        Assert.Equal([(3, 2)], r.Cells(0, EnemyBullet));
        Assert.Equal(10, s.Subs[0].ShotTimer);
        for (int frame = 2; frame <= 4; frame++)
        {
            r.Step(Seaquest.NoOp);
            Assert.Equal([(3, 1 + frame)], r.Cells(0, EnemyBullet));
            Assert.Equal(0, r.Done[0]);
        }
        r.Step(Seaquest.NoOp);   // (3, 5) → (3, 6): the sub's front
        Assert.Equal(1, r.Done[0]);

        var fish = New();        // fish do not shoot
        fish.Env.StateOf(0).Fish.Add(new Thing { Row = 3, Col = 1, Right = true, MoveTimer = 100 });
        for (int frame = 0; frame < 12; frame++) fish.Step(Seaquest.NoOp);
        Assert.Empty(fish.Cells(0, EnemyBullet));
    }

    [Fact]
    public void AnEnemyInTheFrontCell_EndsTheGame_InTheBackCellItDoesNot()
    {
        var back = New();
        PlaceSub(back, 4, 5, facingRight: false);   // back cell (4, 6)
        back.Env.StateOf(0).Fish.Add(new Thing { Row = 4, Col = 6, Right = false, MoveTimer = 3 });
        back.Step(Seaquest.NoOp);
        Assert.Equal(0, back.Done[0]);

        back.Env.StateOf(0).Fish[0].MoveTimer = 0;   // now it moves into the front cell
        back.Step(Seaquest.NoOp);
        Assert.Equal(1, back.Done[0]);

        var sub = New();
        PlaceSub(sub, 4, 5, facingRight: true);
        sub.Env.StateOf(0).Subs.Add(new Thing { Row = 4, Col = 6, Right = false, MoveTimer = 100, ShotTimer = 50 });
        sub.Step(Seaquest.Right);   // the sub drives into the enemy sub's cell
        Assert.Equal(1, sub.Done[0]);
    }

    [Fact]
    public void Divers_ArePickedUp_InTheFrontCell_UpToSix()
    {
        var r = New();
        PlaceSub(r, 3, 5, facingRight: false);
        var s = r.Env.StateOf(0);
        s.DiversInSea.Add(new Thing { Row = 3, Col = 4, Right = true, MoveTimer = 0 });   // moves into the sub
        r.Step(Seaquest.NoOp);
        Assert.Equal(1, s.Divers);
        Assert.Empty(r.Cells(0, Diver));
        Assert.Equal([8], Columns(r, 9, DiverGauge));

        s.Divers = 6;
        s.DiversInSea.Add(new Thing { Row = 3, Col = 5, Right = true, MoveTimer = 0 });
        r.Step(Seaquest.NoOp);   // full: it swims on, out of the front cell
        Assert.Equal(6, s.Divers);
        Assert.Equal([(3, 6)], r.Cells(0, Diver));
        Assert.Equal([(3, 5)], r.Cells(0, Trail));
    }

    /// <summary>A cross-check against MinAtar's reference (docs/minatar.md): keep the sub's front in row 4, and there
    /// choose uniformly among no-op, left, right and fire; 4,000 episodes.</summary>
    [Fact, Trait("Category", "slow")]
    public void ScriptedPolicy_HoldRow4_ReturnOver4000Episodes() =>
        output.WriteLine(MinAtarScriptedReturns.Measure("seaquest", 4000, 2024, MinAtarOptions.Default, (r, i, u) =>
        {
            int row = Assert.Single(r.Cells(i, Front)).Row;
            int[] level = [Seaquest.NoOp, Seaquest.Left, Seaquest.Right, Seaquest.Fire];
            return row < 4 ? Seaquest.Down : row > 4 ? Seaquest.Up : level[Math.Min(3, (int)(u * 4))];
        }));
}
