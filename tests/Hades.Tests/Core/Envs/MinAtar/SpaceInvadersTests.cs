using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Space Invaders rules on scripted action sequences (sticky actions off). Channels: 0 cannon, 1 alien,
/// 2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet.</summary>
public sealed class SpaceInvadersTests
{
    const int Cannon = 0, Alien = 1, AlienLeft = 2, AlienRight = 3, Friendly = 4, EnemyBullet = 5;

    static MinAtarRunner<SpaceInvaders> New(bool ramping = true)
    {
        var r = MinAtarRunner.Of(new SpaceInvaders(1, stickyProbability: 0.0, ramping));
        r.Reset(4);
        return r;
    }

    static IEnumerable<(int, int)> Block(int top, int left) =>
        Enumerable.Range(top, 4).SelectMany(row => Enumerable.Range(left, 6).Select(col => (row, col)));

    /// <summary>Steps with no-op while removing enemy bullets, so the cannon survives; returns the steps taken
    /// until the alien block has changed.</summary>
    static int StepsUntilAliensMove(MinAtarRunner<SpaceInvaders> r)
    {
        var before = r.Cells(0, Alien);
        for (int step = 1; step <= 50; step++)
        {
            Array.Clear(r.Env.StateOf(0).Enemy);
            r.Step(SpaceInvaders.NoOp);
            Assert.Equal(0, r.Done[0]);
            if (!r.Cells(0, Alien).SequenceEqual(before)) return step;
        }
        throw new InvalidOperationException("the aliens never moved");
    }

    [Fact]
    public void Reset_ShowsTheCannonAndAWaveOf24AliensMovingLeft()
    {
        var r = New();
        Assert.Equal([(9, 5)], r.Cells(0, Cannon));
        Assert.Equal(Block(0, 2), r.Cells(0, Alien));
        Assert.Equal(r.Cells(0, Alien), r.Cells(0, AlienLeft));
        Assert.Empty(r.Cells(0, AlienRight));
        Assert.Empty(r.Cells(0, Friendly));
        Assert.Empty(r.Cells(0, EnemyBullet));
        Assert.Equal(SpaceInvaders.FirstWaveInterval, r.Env.MoveInterval(0));
    }

    [Fact]
    public void FiredBullet_RisesOneCellPerStep_AndShootsTheAlienAbove_ForOnePoint()
    {
        var r = New();
        Assert.Equal(0f, r.Step(SpaceInvaders.Fire));
        Assert.Equal([(8, 5)], r.Cells(0, Friendly));
        for (int step = 2; step <= 5; step++)
        {
            Assert.Equal(0f, r.Step(SpaceInvaders.Fire));   // reloading: no second bullet
            Assert.Equal([(9 - step, 5)], r.Cells(0, Friendly));
        }
        Assert.Equal(1f, r.Step(SpaceInvaders.NoOp));      // step 6: the bullet enters (3, 5)
        Assert.Empty(r.Cells(0, Friendly));
        Assert.False(r.Has(0, 3, 5, Alien));
        Assert.Equal(23, r.Cells(0, Alien).Count);
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void Reload_AllowsTheNextShotFiveFramesLater()
    {
        var r = New();
        r.Step(SpaceInvaders.Fire);
        for (int step = 2; step <= 5; step++) r.Step(SpaceInvaders.Fire);
        Assert.Single(r.Cells(0, Friendly));
        r.Step(SpaceInvaders.Fire);   // frame 6: reloaded (the first bullet hits (3, 5) this frame)
        Assert.Equal([(8, 5)], r.Cells(0, Friendly));
    }

    [Fact]
    public void EnemyBulletOnTheCannon_Terminates()
    {
        var r = New();
        r.Env.StateOf(0).Enemy[8 * 10 + 5] = true;
        Assert.Equal(0f, r.Step(SpaceInvaders.NoOp));
        Assert.Equal(1, r.Done[0]);
        Assert.True(r.Has(0, 9, 5, EnemyBullet));
        Assert.True(r.Has(0, 9, 5, Cannon));
    }

    [Fact]
    public void DodgedEnemyBullet_PassesOffTheGrid()
    {
        var r = New();
        r.Env.StateOf(0).Enemy[8 * 10 + 5] = true;
        r.Step(SpaceInvaders.Left);
        Assert.Equal(0, r.Done[0]);
        Assert.True(r.Has(0, 9, 5, EnemyBullet));
        r.Step(SpaceInvaders.NoOp);
        Assert.Equal(0, r.Done[0]);
        Assert.False(r.Has(0, 9, 5, EnemyBullet));
    }

    [Fact]
    public void AlienReachingTheBottomRow_Terminates()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        Array.Clear(s.Alien);
        s.Alien[8 * 10 + 0] = true;
        s.Aliens = 1;
        s.MoveTimer = 1;
        r.Step(SpaceInvaders.NoOp);    // at the left edge: the alien steps down into row 9
        Assert.Equal([(9, 0)], r.Cells(0, Alien));
        Assert.Equal(1, r.Done[0]);
    }

    [Fact]
    public void NoOpCannon_IsEventuallyHit()
    {
        var r = New();
        int steps = 0;
        while (r.Done[0] == 0 && steps < 1000) { r.Step(SpaceInvaders.NoOp); steps++; }
        Assert.Equal(1, r.Done[0]);
        Assert.True(steps < 1000, "the episode was only truncated");
    }

    [Fact]
    public void Aliens_MarchSideways_ThenStepDownAndTurnAtTheEdge()
    {
        var r = New();
        Assert.Equal(12, StepsUntilAliensMove(r));
        Assert.Equal(Block(0, 1), r.Cells(0, Alien));
        Assert.Equal(12, StepsUntilAliensMove(r));
        Assert.Equal(Block(0, 0), r.Cells(0, Alien));
        Assert.Equal(12, StepsUntilAliensMove(r));
        Assert.Equal(Block(1, 0), r.Cells(0, Alien));
        Assert.Equal(r.Cells(0, Alien), r.Cells(0, AlienRight));
        Assert.Empty(r.Cells(0, AlienLeft));
        Assert.Equal(12, StepsUntilAliensMove(r));
        Assert.Equal(Block(1, 1), r.Cells(0, Alien));
    }

    [Fact]
    public void Aliens_ShootFromTheLowestAlienOfAColumn_EveryTenFrames()
    {
        var r = New();
        for (int step = 1; step <= 9; step++) r.Step(SpaceInvaders.NoOp);
        Assert.Empty(r.Cells(0, EnemyBullet));
        r.Step(SpaceInvaders.NoOp);
        var bullet = Assert.Single(r.Cells(0, EnemyBullet));
        Assert.Equal(4, bullet.Row);
        Assert.InRange(bullet.Col, 2, 7);
        r.Step(SpaceInvaders.NoOp);
        Assert.Equal([(5, bullet.Col)], r.Cells(0, EnemyBullet));
    }

    [Fact]
    public void FewAliensLeft_MoveFaster_AndALoneAlienMovesEveryFrame()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        Array.Clear(s.Alien);
        for (int c = 3; c <= 7; c++) s.Alien[2 * 10 + c] = true;
        s.Aliens = 5;
        Assert.Equal(5, r.Env.MoveInterval(0));
        s.MoveTimer = 5;
        r.Refresh();
        Assert.Equal(5, StepsUntilAliensMove(r));
        Assert.Equal(5, StepsUntilAliensMove(r));

        Array.Clear(s.Alien);
        s.Alien[2 * 10 + 5] = true;
        s.Aliens = 1;
        Assert.Equal(1, r.Env.MoveInterval(0));
        s.MoveTimer = 1;
        r.Refresh();
        for (int k = 0; k < 3; k++) Assert.Equal(1, StepsUntilAliensMove(r));
        Assert.Equal([(2, 2)], r.Cells(0, Alien));
    }

    [Theory]
    [InlineData(true, 11)]
    [InlineData(false, 12)]
    public void ClearedWave_IsReplaced_AndTheNextWaveIsFasterWhenRamping(bool ramping, int nextInterval)
    {
        var r = New(ramping);
        var s = r.Env.StateOf(0);
        Array.Clear(s.Alien);
        s.Alien[3 * 10 + 5] = true;
        s.Aliens = 1;
        s.Friendly[4 * 10 + 5] = true;
        Assert.Equal(1f, r.Step(SpaceInvaders.NoOp));
        Assert.Equal(0, r.Done[0]);
        Assert.Equal(Block(0, 2), r.Cells(0, Alien));
        Assert.Equal(nextInterval, r.Env.MoveInterval(0));
        Assert.Equal(nextInterval, StepsUntilAliensMove(r));
        Assert.Equal(nextInterval, StepsUntilAliensMove(r));
    }
}
