using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>
/// Space Invaders' rules (gymnax's MinAtar Space Invaders) on scripted action sequences, sticky actions off; the
/// expected frames are traced by hand from the rules on <see cref="SpaceInvaders"/>. Channels: 0 cannon, 1 alien,
/// 2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet.
/// </summary>
public sealed class SpaceInvadersTests
{
    const int Cannon = 0, Alien = 1, AlienLeft = 2, AlienRight = 3, Friendly = 4, EnemyBullet = 5;
    const int N = SpaceInvaders.NoOp, L = SpaceInvaders.Left, R = SpaceInvaders.Right, F = SpaceInvaders.Fire;
    const int Never = 1_000_000;

    static MinAtarRunner<SpaceInvaders> New(bool ramping = true)
    {
        var r = MinAtarRunner.Of(new SpaceInvaders(1, stickyProbability: 0.0, ramping));
        r.Reset(4);
        return r;
    }

    /// <summary>A fresh game whose aliens are exactly <paramref name="aliens"/>, with the given timers.</summary>
    static MinAtarRunner<SpaceInvaders> WithAliens((int Row, int Col)[] aliens, int direction = -1, int moveTimer = Never,
        int shotTimer = Never, int cannon = 5, bool ramping = true)
    {
        var r = New(ramping);
        var s = r.Env.StateOf(0);
        Array.Clear(s.Alien);
        foreach (var (row, col) in aliens) s.Alien[row * 10 + col] = true;
        (s.Direction, s.MoveTimer, s.ShotTimer, s.Cannon) = (direction, moveTimer, shotTimer, cannon);
        r.Refresh();
        return r;
    }

    static List<(int, int)> Block(int top, int bottom, int left, int right) =>
        Enumerable.Range(top, bottom - top + 1).SelectMany(row => Enumerable.Range(left, right - left + 1).Select(col => (row, col))).ToList();

    [Fact]
    public void Reset_ShowsTheCannonAndGymnaxsStartWaveOf28AliensMovingLeft()
    {
        var r = New();
        Assert.Equal([(9, 5)], r.Cells(0, Cannon));
        Assert.Equal(Block(0, 3, 2, 8), r.Cells(0, Alien));
        Assert.Equal(r.Cells(0, Alien), r.Cells(0, AlienLeft));
        Assert.Empty(r.Cells(0, AlienRight));
        Assert.Empty(r.Cells(0, Friendly));
        Assert.Empty(r.Cells(0, EnemyBullet));
    }

    [Fact]
    public void StandingStill_TheNearestAlienFiresOnStep11FromItsCell_TheBlockMovesOnStep13_TheBulletKillsOnStep17()
    {
        var r = New();
        for (int step = 1; step <= 17; step++)
        {
            Assert.Equal(0f, r.Step(N));
            Assert.Equal(step == 17 ? 1 : 0, r.Done[0]);
            Assert.Equal(step < 13 ? Block(0, 3, 2, 8) : Block(0, 3, 1, 7), r.Cells(0, Alien));
            // Column 5 is the cannon's; its lowest alien is at row 3: the bullet appears in that cell on step 11.
            Assert.Equal(step < 11 ? [] : [(step - 8, 5)], r.Cells(0, EnemyBullet));
        }
        Assert.Equal([(9, 5)], r.Cells(0, Cannon));
    }

    [Theory]
    [InlineData(16, false)]   // moved a frame before the bullet lands: safe
    [InlineData(17, true)]    // moved on the landing frame: gymnax checks the column the cannon left
    public void EnemyBullet_HitsTheColumnTheCannonStoodInAtTheStartOfTheFrame(int moveStep, bool killed)
    {
        var r = New();
        for (int step = 1; step <= 17; step++) r.Step(step == moveStep ? L : N);
        Assert.Equal(killed ? 1 : 0, r.Done[0]);
        Assert.Equal([(9, 4)], r.Cells(0, Cannon));
        Assert.Equal([(9, 5)], r.Cells(0, EnemyBullet));
        if (killed) return;
        r.Step(N);   // the bullet leaves the grid
        Assert.Empty(r.Cells(0, EnemyBullet));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void CannonStepping_IntoTheLandingBullet_Survives()
    {
        var r = WithAliens([(0, 0)], cannon: 4);
        r.Env.StateOf(0).Enemy[8 * 10 + 5] = true;
        r.Step(R);
        Assert.Equal(0, r.Done[0]);
        Assert.True(r.Has(0, 9, 5, Cannon) && r.Has(0, 9, 5, EnemyBullet));
    }

    [Fact]
    public void FiredBullet_RisesFromRowEight_ReloadTakesFiveFrames_AndTheBulletShootsTheAlienAbove()
    {
        var r = New();
        for (int step = 1; step <= 5; step++)
        {
            Assert.Equal(0f, r.Step(F));   // steps 2–5 reload: no second bullet
            Assert.Equal([(9 - step, 5)], r.Cells(0, Friendly));
        }
        Assert.Equal(1f, r.Step(F));   // step 6: the bullet enters (3, 5) and kills; reloaded, a new bullet at (8, 5)
        Assert.Equal([(8, 5)], r.Cells(0, Friendly));
        Assert.False(r.Has(0, 3, 5, Alien));
        Assert.Equal(27, r.Cells(0, Alien).Count);
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void Block_MarchesLeftEvery12Frames_AndAtTheWallDropsARowAndTurnsRight()
    {
        var r = New();
        r.Env.StateOf(0).ShotTimer = Never;   // no enemy fire
        var expected = new Dictionary<int, List<(int, int)>>
        {
            [12] = Block(0, 3, 2, 8), [13] = Block(0, 3, 1, 7), [24] = Block(0, 3, 1, 7), [25] = Block(0, 3, 0, 6),
            [36] = Block(0, 3, 0, 6), [37] = Block(1, 4, 0, 6), [48] = Block(1, 4, 0, 6), [49] = Block(1, 4, 1, 7),
        };
        for (int step = 1; step <= 49; step++)
        {
            r.Step(N);
            Assert.Equal(0, r.Done[0]);
            if (expected.TryGetValue(step, out var cells)) Assert.Equal(cells, r.Cells(0, Alien));
            Assert.Equal(r.Cells(0, Alien), r.Cells(0, step < 37 ? AlienLeft : AlienRight));
        }
    }

    [Fact]
    public void FewAliens_MoveFaster_TheLastOneEveryFrame()
    {
        // Two aliens: the timer is reset to min(2, 12) = 2, so they move on steps 1, 3, 5.
        var two = WithAliens([(0, 5), (0, 6)], moveTimer: 0);
        int[] leftmost = [4, 4, 3, 3, 2];
        foreach (int col in leftmost)
        {
            two.Step(N);
            Assert.Equal([(0, col), (0, col + 1)], two.Cells(0, Alien));
        }
        // One alien: every frame, down a row at the wall and back to the right.
        var one = WithAliens([(0, 5)], moveTimer: 0);
        (int, int)[] path = [(0, 4), (0, 3), (0, 2), (0, 1), (0, 0), (1, 0), (1, 1)];
        foreach (var cell in path)
        {
            one.Step(N);
            Assert.Equal([cell], one.Cells(0, Alien));
        }
        Assert.Equal([(1, 1)], one.Cells(0, AlienRight));
    }

    [Fact]
    public void AliensInTheBottomRow_EndTheGameOnTheCannonOrAtTheNextWallDrop()
    {
        var marching = WithAliens([(9, 3)], moveTimer: 0);   // beside the cannon at column 5, heading left
        for (int step = 1; step <= 3; step++)
        {
            marching.Step(N);
            Assert.Equal(0, marching.Done[0]);
            Assert.Equal([(9, 3 - step)], marching.Cells(0, Alien));
        }
        marching.Step(N);   // at the wall with an alien in the bottom row
        Assert.Equal(1, marching.Done[0]);

        var landing = WithAliens([(9, 7)], moveTimer: 0);
        landing.Step(N);
        Assert.Equal(0, landing.Done[0]);
        landing.Step(N);   // (9, 5): on the cannon
        Assert.Equal(1, landing.Done[0]);

        var walkingIn = WithAliens([(9, 4)]);   // the aliens do not move; the cannon walks into one
        walkingIn.Step(L);
        Assert.Equal(1, walkingIn.Done[0]);
    }

    [Theory]
    [InlineData(5, 2, 3)]   // columns 3 and 7 are both two away: the left one fires, from its lowest alien (2, 3)
    [InlineData(6, 0, 7)]   // column 7 is nearest
    [InlineData(0, 2, 3)]
    public void EnemyFire_ComesFromTheLowestAlienOfTheNearestColumn_Every10Frames(int cannon, int row, int col)
    {
        var r = WithAliens([(1, 3), (2, 3), (0, 7)], shotTimer: 0, cannon: cannon);
        r.Step(N);
        Assert.Equal([(row, col)], r.Cells(0, EnemyBullet));
        for (int step = 2; step <= 10; step++)
        {
            r.Step(N);   // the bullet falls a row per frame and leaves the grid after row 9; no other shot
            int at = row + step - 1;
            Assert.Equal(at <= 9 ? [(at, col)] : [], r.Cells(0, EnemyBullet));
        }
        r.Step(N);   // step 11: the next shot
        Assert.Equal([(row, col)], r.Cells(0, EnemyBullet));
        Assert.Equal(0, r.Done[0]);
    }

    [Theory]
    [InlineData(true, 12, 11)]
    [InlineData(true, 7, 6)]
    [InlineData(true, 6, 6)]     // the ramp stops at 6
    [InlineData(false, 12, 12)]
    public void ShootingTheLastAlien_BringsA24AlienWave_KeepingDirectionAndTimers_AndRampsTheInterval(
        bool ramping, int interval, int rampedInterval)
    {
        var r = WithAliens([(3, 5)], direction: 1, moveTimer: 12, ramping: ramping);
        var s = r.Env.StateOf(0);
        s.MoveInterval = interval;
        for (int step = 1; step <= 5; step++) Assert.Equal(0f, r.Step(step == 1 ? F : N));
        Assert.Equal(1f, r.Step(N));   // step 6: the last alien is shot; the new wave appears the same frame
        Assert.Equal(Block(0, 3, 2, 7), r.Cells(0, Alien));
        Assert.Equal(r.Cells(0, Alien), r.Cells(0, AlienRight));
        Assert.Equal(rampedInterval, s.MoveInterval);
        Assert.Equal(6, s.MoveTimer);   // counting on from 12
        var moves = new List<int>();
        var before = r.Cells(0, Alien);
        for (int step = 7; moves.Count < 2; step++)
        {
            r.Step(N);
            if (!r.Cells(0, Alien).SequenceEqual(before)) moves.Add(step);
            before = r.Cells(0, Alien);
        }
        Assert.Equal([13, 13 + rampedInterval], moves);
    }
}
