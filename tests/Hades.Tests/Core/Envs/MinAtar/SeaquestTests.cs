using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Seaquest rules on scripted action sequences (sticky actions off). Channels: 0 sub front, 1 sub back,
/// 2 friendly bullet, 3 trail, 4 enemy bullet, 5 enemy fish, 6 enemy sub, 7 oxygen gauge, 8 diver gauge, 9 diver.</summary>
public sealed class SeaquestTests
{
    const int Front = 0, Back = 1, FriendlyBullet = 2, Trail = 3, EnemyBullet = 4, Fish = 5, EnemySub = 6;
    const int OxygenGauge = 7, DiverGauge = 8, Diver = 9;
    const int Never = 1_000_000;

    static MinAtarRunner<Seaquest> New(bool ramping = true)
    {
        var r = MinAtarRunner.Of(new Seaquest(1, stickyProbability: 0.0, ramping));
        r.Reset(12);
        return r;
    }

    /// <summary>A game with nothing spawning and the sub underwater at (row, col) facing right.</summary>
    static MinAtarRunner<Seaquest> Underwater(int row, int col, bool ramping = true)
    {
        var r = New(ramping);
        var s = r.Env.StateOf(0);
        s.EnemySpawnTimer = Never;
        s.DiverSpawnTimer = Never;
        s.Row = row;
        s.Col = col;
        s.Facing = 1;
        s.Surfaced = row == 0;
        return r;
    }

    static void PlaceEnemy(Seaquest.State s, int row, int col, int direction, bool isSub = false, int shotTimer = Never) =>
        s.Enemy[row - 1] = new Seaquest.Mover
        {
            Active = true, Col = col, Direction = direction, Trail = col - direction, IsSub = isSub, ShotTimer = shotTimer,
        };

    [Fact]
    public void Reset_SubSurfacedFacingRight_FullOxygen_NoDivers()
    {
        var r = New();
        Assert.Equal([(0, 5)], r.Cells(0, Front));
        Assert.Equal([(0, 4)], r.Cells(0, Back));
        Assert.Equal(Enumerable.Range(0, 10).Select(c => (9, c)), r.Cells(0, OxygenGauge));
        Assert.Empty(r.Cells(0, DiverGauge));
        foreach (int ch in new[] { FriendlyBullet, Trail, EnemyBullet, Fish, EnemySub, Diver }) Assert.Empty(r.Cells(0, ch));
    }

    [Fact]
    public void Sub_MovesAndTurns_WithinRowsZeroToEight()
    {
        var r = Underwater(0, 5);
        for (int k = 0; k < 12; k++) r.Step(Seaquest.Down);
        Assert.Equal([(8, 5)], r.Cells(0, Front));
        r.Step(Seaquest.Left);
        Assert.Equal([(8, 4)], r.Cells(0, Front));
        Assert.Equal([(8, 5)], r.Cells(0, Back));
        r.Step(Seaquest.Right);
        Assert.Equal([(8, 5)], r.Cells(0, Front));
        Assert.Equal([(8, 4)], r.Cells(0, Back));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void StayingSurfaced_UsesNoOxygen_AndIsSafe()
    {
        var r = New();
        for (int step = 0; step < 300; step++)
        {
            r.Step(Seaquest.NoOp);
            Assert.Equal(0, r.Done[0]);
        }
        Assert.Equal(10, r.Cells(0, OxygenGauge).Count);
        Assert.Equal(Seaquest.MaxOxygen, r.Env.StateOf(0).Oxygen);
    }

    [Fact]
    public void Oxygen_FallsByOnePerFrameUnderwater_AndTerminatesAtZero()
    {
        var r = New();
        r.Env.StateOf(0).EnemySpawnTimer = Never;
        r.Step(Seaquest.Down);
        Assert.Equal(199, r.Env.StateOf(0).Oxygen);
        Assert.Equal(9, r.Cells(0, OxygenGauge).Count);   // ⌊10·199/200⌋
        var s = r.Env.StateOf(0);
        s.Oxygen = 3;
        r.Step(Seaquest.NoOp);
        r.Step(Seaquest.NoOp);
        Assert.Equal(0, r.Done[0]);
        r.Step(Seaquest.NoOp);
        Assert.Equal(1, r.Done[0]);
        Assert.Empty(r.Cells(0, OxygenGauge));
    }

    [Fact]
    public void Bullet_FromTheFront_StrikesAnEnemy_ForOnePoint()
    {
        var r = Underwater(3, 5);
        var s = r.Env.StateOf(0);
        s.EnemyMoveTimer = Never;
        PlaceEnemy(s, 3, 8, -1);
        Assert.Equal(0f, r.Step(Seaquest.Fire));
        Assert.Equal([(3, 6)], r.Cells(0, FriendlyBullet));
        Assert.Equal(0f, r.Step(Seaquest.NoOp));
        Assert.Equal(1f, r.Step(Seaquest.NoOp));
        Assert.Empty(r.Cells(0, FriendlyBullet));
        Assert.Empty(r.Cells(0, Fish));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void FacingLeft_FiresLeft()
    {
        var r = Underwater(3, 5);
        var s = r.Env.StateOf(0);
        s.EnemyMoveTimer = Never;
        PlaceEnemy(s, 3, 1, 1, isSub: true);
        r.Step(Seaquest.Left);                   // front (3, 4), facing left
        Assert.Equal(0f, r.Step(Seaquest.Fire));   // bullet (3, 3)
        Assert.Equal([(3, 3)], r.Cells(0, FriendlyBullet));
        Assert.Equal(0f, r.Step(Seaquest.NoOp));   // (3, 2)
        Assert.Equal(1f, r.Step(Seaquest.NoOp));   // (3, 1): the enemy sub
        Assert.Empty(r.Cells(0, EnemySub));
    }

    [Theory]
    [InlineData(6, -1)]   // fish swims into the front cell
    [InlineData(3, 1)]    // fish swims into the back cell
    public void EnemyTouchingTheSub_Terminates(int col, int direction)
    {
        var r = Underwater(3, 5);
        var s = r.Env.StateOf(0);
        s.EnemyMoveTimer = 1;
        PlaceEnemy(s, 3, col, direction);
        Assert.Equal(0f, r.Step(Seaquest.NoOp));
        Assert.Equal(1, r.Done[0]);
    }

    [Fact]
    public void EnemySub_Shoots_AndItsBulletTerminates()
    {
        var r = Underwater(3, 6);
        var s = r.Env.StateOf(0);
        s.EnemyMoveTimer = Never;
        PlaceEnemy(s, 3, 2, 1, isSub: true, shotTimer: 1);
        r.Step(Seaquest.NoOp);
        Assert.Equal([(3, 3)], r.Cells(0, EnemyBullet));   // fired ahead of the sub
        Assert.Equal([(3, 2)], r.Cells(0, EnemySub));
        r.Step(Seaquest.NoOp);
        Assert.Equal([(3, 4)], r.Cells(0, EnemyBullet));
        Assert.Equal(0, r.Done[0]);
        r.Step(Seaquest.NoOp);                              // (3, 5): the sub's back cell
        Assert.Equal(1, r.Done[0]);
        Assert.Equal(0f, r.Rewards[0]);
    }

    [Fact]
    public void FishDoNotShoot()
    {
        var r = Underwater(6, 5);
        var s = r.Env.StateOf(0);
        s.EnemyMoveTimer = Never;
        PlaceEnemy(s, 3, 2, 1, isSub: false, shotTimer: 1);
        for (int step = 0; step < 30; step++) r.Step(Seaquest.NoOp);
        Assert.Empty(r.Cells(0, EnemyBullet));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void MovingOntoADiver_PicksItUp_IntoTheDiverGauge()
    {
        var r = Underwater(3, 5);
        var s = r.Env.StateOf(0);
        s.DiverMoveTimer = Never;
        s.Diver[3] = new Seaquest.Mover { Active = true, Col = 5, Direction = 1, Trail = 4 };   // row 4
        r.Refresh();
        Assert.Equal([(4, 5)], r.Cells(0, Diver));
        Assert.Equal([(4, 4)], r.Cells(0, Trail));
        r.Step(Seaquest.Down);
        Assert.Empty(r.Cells(0, Diver));
        Assert.Equal([(9, 0)], r.Cells(0, DiverGauge));
        Assert.Equal(1, s.Divers);
    }

    [Fact]
    public void SixDiversOnBoard_LeavesFurtherDiversInTheWater()
    {
        var r = Underwater(3, 5);
        var s = r.Env.StateOf(0);
        s.DiverMoveTimer = Never;
        s.Divers = 6;
        s.Diver[3] = new Seaquest.Mover { Active = true, Col = 5, Direction = 1, Trail = 4 };
        r.Step(Seaquest.Down);
        Assert.Equal([(4, 5)], r.Cells(0, Diver));
        Assert.Equal(6, r.Cells(0, DiverGauge).Count);
    }

    [Fact]
    public void SurfacingWithoutDivers_Terminates()
    {
        var r = Underwater(1, 5);
        Assert.Equal(0f, r.Step(Seaquest.Up));
        Assert.Equal(1, r.Done[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SurfacingWithFewerThanSixDivers_DropsOne_RefillsOxygen_AndRampsOnlyWhenOn(bool ramping)
    {
        var r = Underwater(1, 5, ramping);
        var s = r.Env.StateOf(0);
        s.Divers = 3;
        s.Oxygen = 40;
        Assert.Equal(0f, r.Step(Seaquest.Up));
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(2, r.Cells(0, DiverGauge).Count);
        Assert.Equal(10, r.Cells(0, OxygenGauge).Count);
        Assert.Equal(ramping ? 1 : 0, s.Surfacings);
        r.Step(Seaquest.NoOp);   // staying up: no second surfacing
        Assert.Equal(2, s.Divers);
        Assert.Equal(ramping ? 1 : 0, s.Surfacings);
    }

    [Fact]
    public void SurfacingWithSixDivers_PaysOnePointPerOxygenCell_AndEmptiesTheSub()
    {
        var r = Underwater(1, 5);
        var s = r.Env.StateOf(0);
        s.Divers = 6;
        s.Oxygen = 151;   // one frame underwater leaves 150: 7 cells
        Assert.Equal(0f, r.Step(Seaquest.NoOp));
        Assert.Equal(7, r.Cells(0, OxygenGauge).Count);
        Assert.Equal(7f, r.Step(Seaquest.Up));
        Assert.Empty(r.Cells(0, DiverGauge));
        Assert.Equal(10, r.Cells(0, OxygenGauge).Count);
        Assert.Equal(0, r.Done[0]);
    }

    [Theory]
    [InlineData(0, 5, 20)]
    [InlineData(2, 4, 16)]
    [InlineData(8, 1, 5)]
    public void EnemiesMoveAndSpawnFaster_AfterEachSurfacing(int surfacings, int moveFrames, int spawnFrames)
    {
        // Observed in play: frames between a fish's moves, and frames between two spawns.
        var r = Underwater(0, 5);
        var s = r.Env.StateOf(0);
        s.Surfacings = surfacings;
        PlaceEnemy(s, 2, 0, 1);
        s.EnemyMoveTimer = 1;
        int moves = 0, frames = 0, firstMove = -1;
        while (moves < 3)
        {
            r.Step(Seaquest.NoOp);
            frames++;
            if (s.Enemy[1].Col != moves) { moves++; if (moves == 2) firstMove = frames; }
        }
        Assert.Equal(moveFrames, frames - firstMove);

        var spawns = Underwater(0, 5);
        var t = spawns.Env.StateOf(0);
        t.Surfacings = surfacings;
        t.EnemyMoveTimer = Never;
        t.EnemySpawnTimer = 1;
        var spawnFramesSeen = new List<int>();
        for (int frame = 1; spawnFramesSeen.Count < 3; frame++)
        {
            int before = t.Enemy.Count(e => e.Active);
            spawns.Step(Seaquest.NoOp);
            if (t.Enemy.Count(e => e.Active) > before) spawnFramesSeen.Add(frame);
        }
        Assert.Equal(spawnFrames, spawnFramesSeen[1] - spawnFramesSeen[0]);
        Assert.Equal(spawnFrames, spawnFramesSeen[2] - spawnFramesSeen[1]);
        Assert.Equal(Seaquest.EnemyMoveInterval(surfacings), moveFrames);
        Assert.Equal(Seaquest.EnemySpawnInterval(surfacings), spawnFrames);
    }

    [Fact]
    public void Enemies_SpawnAtASide_WithATrailOnceTheyMove()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        r.Step(Seaquest.NoOp);   // the first enemy spawns on frame 1
        var enemy = Assert.Single(r.Cells(0, Fish).Concat(r.Cells(0, EnemySub)));
        Assert.Contains(enemy.Col, new[] { 0, 9 });
        Assert.Empty(r.Cells(0, Trail));
        while (r.Cells(0, Trail).Count == 0) r.Step(Seaquest.NoOp);
        Assert.Equal([enemy], r.Cells(0, Trail));
    }
}
