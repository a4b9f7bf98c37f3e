using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>Asterix rules on scripted action sequences (sticky actions off). Channels: 0 player, 1 enemy, 2 trail, 3 gold.</summary>
public sealed class AsterixTests
{
    const int Player = 0, Enemy = 1, Trail = 2, Gold = 3;
    const int NoSpawn = 1_000_000;

    static MinAtarRunner<Asterix> New(bool ramping = true, ulong seed = 6)
    {
        var r = MinAtarRunner.Of(new Asterix(1, stickyProbability: 0.0, ramping));
        r.Reset(seed);
        return r;
    }

    /// <summary>A fresh game with spawning switched off and one object placed in lane <c>row − 1</c>.</summary>
    static MinAtarRunner<Asterix> WithObject(int row, int col, int direction, bool gold, int moveTimer)
    {
        var r = New();
        var s = r.Env.StateOf(0);
        s.SpawnTimer = NoSpawn;
        s.MoveTimer = moveTimer;
        int lane = row - 1;
        s.Active[lane] = true;
        s.ObjectCol[lane] = col;
        s.Direction[lane] = direction;
        s.TrailCol[lane] = col - direction;
        s.Gold[lane] = gold;
        r.Refresh();
        return r;
    }

    [Fact]
    public void Reset_ShowsOnlyThePlayer_AndTheFirstFrameSpawnsOneObjectAtASide()
    {
        var sides = new HashSet<int>();
        var kinds = new HashSet<int>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var r = New(seed: seed);
            Assert.Equal([(5, 5)], r.Cells(0, Player));
            Assert.Empty(r.Cells(0, Enemy));
            Assert.Empty(r.Cells(0, Gold));
            r.Step(Asterix.NoOp);
            var objects = r.Cells(0, Enemy).Concat(r.Cells(0, Gold)).ToList();
            var spawned = Assert.Single(objects);
            Assert.InRange(spawned.Row, 1, 8);
            Assert.Contains(spawned.Col, new[] { 0, 9 });
            Assert.Empty(r.Cells(0, Trail));   // it has not moved yet; its previous cell is off the grid
            sides.Add(spawned.Col);
            kinds.Add(r.Cells(0, Gold).Count);
        }
        Assert.Equal(2, sides.Count);
        Assert.Equal(2, kinds.Count);   // both gold and enemies occur
    }

    [Fact]
    public void Player_MovesInFourDirections_WithinRowsOneToEight()
    {
        var r = New();
        r.Env.StateOf(0).SpawnTimer = NoSpawn;
        for (int k = 0; k < 9; k++) r.Step(Asterix.Up);
        Assert.Equal([(1, 5)], r.Cells(0, Player));
        for (int k = 0; k < 9; k++) r.Step(Asterix.Down);
        Assert.Equal([(8, 5)], r.Cells(0, Player));
        for (int k = 0; k < 9; k++) r.Step(Asterix.Left);
        Assert.Equal([(8, 0)], r.Cells(0, Player));
        for (int k = 0; k < 11; k++) r.Step(Asterix.Right);
        Assert.Equal([(8, 9)], r.Cells(0, Player));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void WalkingOntoGold_CollectsIt_ForOnePoint()
    {
        var r = WithObject(5, 6, -1, gold: true, moveTimer: 50);
        Assert.Equal([(5, 6)], r.Cells(0, Gold));
        Assert.Equal(1f, r.Step(Asterix.Right));
        Assert.Empty(r.Cells(0, Gold));
        Assert.Equal([(5, 6)], r.Cells(0, Player));
        Assert.Equal(0, r.Done[0]);
    }

    [Fact]
    public void GoldMovingOntoThePlayer_IsCollected()
    {
        var r = WithObject(5, 6, -1, gold: true, moveTimer: 1);
        Assert.Equal(1f, r.Step(Asterix.NoOp));
        Assert.Empty(r.Cells(0, Gold));
        Assert.Equal(0f, r.Step(Asterix.NoOp));
        Assert.Equal(0, r.Done[0]);
    }

    [Theory]
    [InlineData(6, -1, Asterix.Right, 50)]   // the player walks into the enemy
    [InlineData(4, 1, Asterix.NoOp, 1)]      // the enemy walks into the player
    [InlineData(6, -1, Asterix.Right, 1)]    // both move towards each other: no passing through
    public void TouchingAnEnemy_Terminates(int enemyCol, int direction, int action, int moveTimer)
    {
        var r = WithObject(5, enemyCol, direction, gold: false, moveTimer);
        Assert.Equal(0f, r.Step(action));
        Assert.Equal(1, r.Done[0]);
    }

    [Fact]
    public void Objects_MoveEveryFiveFrames_LeaveATrail_AndLeaveTheGridAtTheFarSide()
    {
        var r = WithObject(2, 7, 1, gold: false, moveTimer: 5);
        for (int step = 1; step <= 4; step++)
        {
            r.Step(Asterix.NoOp);
            Assert.Equal([(2, 7)], r.Cells(0, Enemy));
        }
        r.Step(Asterix.NoOp);
        Assert.Equal([(2, 8)], r.Cells(0, Enemy));
        Assert.Equal([(2, 7)], r.Cells(0, Trail));
        for (int step = 1; step <= 5; step++) r.Step(Asterix.NoOp);
        Assert.Equal([(2, 9)], r.Cells(0, Enemy));
        for (int step = 1; step <= 5; step++) r.Step(Asterix.NoOp);
        Assert.Empty(r.Cells(0, Enemy));
        Assert.Empty(r.Cells(0, Trail));
        Assert.False(r.Env.StateOf(0).Active[1]);
    }

    [Theory]
    [InlineData(true, 4, 9)]
    [InlineData(false, 5, 10)]
    public void Every100Frames_ObjectsMoveAndSpawnFaster_WhenRamping(bool ramping, int moveInterval, int spawnInterval)
    {
        var r = New(ramping);
        var s = r.Env.StateOf(0);
        s.SpawnTimer = NoSpawn;
        for (int step = 1; step <= 99; step++) r.Step(Asterix.NoOp);
        Assert.Equal((Asterix.FirstMoveInterval, Asterix.FirstSpawnInterval), (s.MoveInterval, s.SpawnInterval));
        r.Step(Asterix.NoOp);
        Assert.Equal((moveInterval, spawnInterval), (s.MoveInterval, s.SpawnInterval));

        // Observed: a new object appears after spawnInterval frames and then moves every moveInterval frames.
        s.SpawnTimer = s.SpawnInterval;
        s.MoveTimer = NoSpawn;
        int frames = 0;
        while (r.Cells(0, Enemy).Count + r.Cells(0, Gold).Count == 0) { r.Step(Asterix.NoOp); frames++; }
        Assert.Equal(spawnInterval, frames);
        s.SpawnTimer = NoSpawn;
        s.MoveTimer = s.MoveInterval;
        var before = r.Cells(0, Enemy).Concat(r.Cells(0, Gold)).Single();
        frames = 0;
        while (r.Cells(0, Enemy).Concat(r.Cells(0, Gold)).Single() == before) { r.Step(Asterix.NoOp); frames++; }
        Assert.Equal(moveInterval, frames);
    }

    [Fact]
    public void Ramping_StopsAtOneFramePerMove_AndThreeFramesPerSpawn()
    {
        var r = New();
        var s = r.Env.StateOf(0);
        s.SpawnTimer = NoSpawn;
        for (int step = 1; step <= 999; step++) r.Step(Asterix.NoOp);
        Assert.Equal(0, r.Done[0]);
        Assert.Equal((Asterix.MinMoveInterval, Asterix.MinSpawnInterval), (s.MoveInterval, s.SpawnInterval));
    }
}
