using Hades.Core.Envs.MinAtar;

namespace Hades.Tests.Core.Envs.MinAtar;

/// <summary>
/// Asterix's rules (gymnax's MinAtar Asterix) on scripted action sequences, sticky actions off; the expected frames
/// are traced by hand from the rules on <see cref="Asterix"/>. Channels: 0 player, 1 enemy, 2 trail, 3 gold.
/// </summary>
public sealed class AsterixTests
{
    const int Player = 0, Enemy = 1, Trail = 2, Gold = 3;
    const int N = Asterix.NoOp, L = Asterix.Left, U = Asterix.Up, R = Asterix.Right, D = Asterix.Down;
    const int Never = 1_000_000;

    static MinAtarRunner<Asterix> New(ulong seed = 6, bool ramping = true)
    {
        var r = MinAtarRunner.Of(new Asterix(1, stickyProbability: 0.0, ramping));
        r.Reset(seed);
        return r;
    }

    /// <summary>A fresh game with the given objects (row, col, moving right, gold) and timers.</summary>
    static MinAtarRunner<Asterix> WithObjects((int Row, int Col, bool Right, bool Gold)[] objects, int spawnTimer = Never,
        int moveTimer = Never, ulong seed = 6, bool ramping = true)
    {
        var r = New(seed, ramping);
        var s = r.Env.StateOf(0);
        foreach (var (row, col, right, gold) in objects) s.Place(row - Asterix.TopLane, col, right, gold);
        (s.SpawnTimer, s.MoveTimer) = (spawnTimer, moveTimer);
        r.Refresh();
        return r;
    }

    static List<(int, int)> Objects(MinAtarRunner<Asterix> r) =>
        r.Cells(0, Enemy).Concat(r.Cells(0, Gold)).OrderBy(c => c).ToList();

    static double Sigma(int n, double p) => Math.Sqrt(n * p * (1 - p));

    [Fact]
    public void FirstObjectSpawnsOnStep11_AtASide_AndMovesAtOnce_TheNextOnStep21()
    {
        const int seeds = 300;
        int gold = 0, right = 0;
        var rows = new HashSet<int>();
        for (ulong seed = 0; seed < seeds; seed++)
        {
            var r = New(seed);
            Assert.Equal([(5, 5)], r.Cells(0, Player));
            Assert.Empty(Objects(r));
            for (int step = 1; step <= 10; step++) r.Step(N);
            Assert.Empty(Objects(r));
            Assert.Empty(r.Cells(0, Trail));

            r.Step(N);   // step 11: spawn at column 0 or 9, then the step's move (steps 6, 11, 16, ...) takes it one cell in
            var (row, col) = Assert.Single(Objects(r));
            Assert.InRange(row, 1, 8);
            Assert.Contains(col, new[] { 1, 8 });
            Assert.Equal([(row, col == 1 ? 0 : 9)], r.Cells(0, Trail));
            rows.Add(row);
            if (col == 1) right++;
            if (r.Has(0, row, col, Gold)) gold++;

            for (int step = 12; step <= 21; step++) r.Step(N);
            Assert.Equal(0, r.Done[0]);
            var objects = Objects(r);
            Assert.Equal(2, objects.Count);   // the second spawn came on step 21; the first moved on 16 and 21
            Assert.Contains((row, col == 1 ? 3 : 6), objects);
            Assert.Contains(objects, o => o.Item2 is 1 or 8);
        }
        Assert.Equal(8, rows.Count);
        Assert.InRange(gold, seeds / 3.0 - 5 * Sigma(seeds, 1 / 3.0), seeds / 3.0 + 5 * Sigma(seeds, 1 / 3.0));
        Assert.InRange(right, seeds / 2.0 - 5 * Sigma(seeds, 0.5), seeds / 2.0 + 5 * Sigma(seeds, 0.5));
    }

    [Fact]
    public void SpawnAndMovePeriods_FollowTheIntervals()
    {
        // Spawn interval 3 and move interval 2 with both timers at 0: spawns on steps 1, 4; moves on steps 1, 3, 5.
        var r = WithObjects([], spawnTimer: 0, moveTimer: 0);
        var s = r.Env.StateOf(0);
        (s.SpawnInterval, s.MoveInterval) = (3, 2);
        int[] count = [1, 1, 1, 2, 2, 2];
        int[] firstCellsIn = [1, 1, 2, 2, 3, 3];
        int first = -1;
        for (int step = 1; step <= 6; step++)
        {
            r.Step(N);
            Assert.Equal(0, r.Done[0]);
            Assert.Equal(count[step - 1], s.Active.Count(a => a));
            if (step == 1) first = Array.IndexOf(s.Active, true);
            int col = s.ObjectCol[first];
            Assert.Equal(firstCellsIn[step - 1], s.MovesRight[first] ? col : 9 - col);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PlayerSteppingOntoAnObject_CollectsGold_OrDies(bool gold)
    {
        var r = WithObjects([(4, 5, false, gold)]);
        float reward = r.Step(U);
        Assert.Equal([(4, 5)], r.Cells(0, Player));
        Assert.Equal(gold ? 1f : 0f, reward);
        Assert.Equal(gold ? 0 : 1, r.Done[0]);
        Assert.Equal(gold ? [] : [(4, 5)], Objects(r));   // collected gold vanishes; the enemy stays in view
        if (!gold) return;
        Assert.Equal(0f, r.Step(D));
        Assert.Equal(0f, r.Step(U));
        Assert.Equal(0, r.Done[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ObjectMovingOntoThePlayer_IsCollectedOrKills_AndContactComesBeforeTheObjectsMove(bool gold)
    {
        var onto = WithObjects([(5, 4, true, gold)], moveTimer: 0);
        Assert.Equal(gold ? 1f : 0f, onto.Step(N));
        Assert.Equal(gold ? 0 : 1, onto.Done[0]);

        var dodged = WithObjects([(5, 4, true, gold)], moveTimer: 0);
        Assert.Equal(0f, dodged.Step(R));   // the player leaves for (5, 6) as the object enters (5, 5)
        Assert.Equal(0, dodged.Done[0]);
        Assert.Equal([(5, 5)], Objects(dodged));

        var caught = WithObjects([(5, 6, true, gold)], moveTimer: 0);
        Assert.Equal(gold ? 1f : 0f, caught.Step(R));   // met at (5, 6) before the object would have moved on
        Assert.Equal(gold ? 0 : 1, caught.Done[0]);
    }

    [Fact]
    public void Objects_ShowATrailBehindThem_AndLeaveAtTheFarEdge()
    {
        var r = WithObjects([(2, 9, true, false), (3, 4, false, true), (7, 0, false, false), (8, 8, true, false)], moveTimer: 0);
        Assert.Equal([(2, 8), (3, 5), (7, 1), (8, 7)], r.Cells(0, Trail));
        r.Step(N);
        Assert.Equal([(3, 3)], r.Cells(0, Gold));
        Assert.Equal([(8, 9)], r.Cells(0, Enemy));   // (2, 9) and (7, 0) left the grid
        Assert.Equal([(3, 4), (8, 8)], r.Cells(0, Trail));
        for (int step = 2; step <= 6; step++) r.Step(N);   // next move on step 6 (move interval 5)
        Assert.Empty(r.Cells(0, Enemy));
        Assert.Equal([(3, 2)], r.Cells(0, Gold));
        Assert.Equal(0, r.Done[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Difficulty_RampsEvery102Steps_UntilBothIntervalsReachOne(bool ramping)
    {
        var r = WithObjects([], moveTimer: 5, ramping: ramping);   // no spawns: the player stays alone
        var s = r.Env.StateOf(0);
        var changes = new List<(int Step, int Spawn, int Move)>();
        (int spawn, int move) = (s.SpawnInterval, s.MoveInterval);
        Assert.Equal((10, 5), (spawn, move));
        for (int step = 1; step <= 990; step++)
        {
            r.Step(N);
            Assert.Equal(0, r.Done[0]);
            if ((s.SpawnInterval, s.MoveInterval) == (spawn, move)) continue;
            (spawn, move) = (s.SpawnInterval, s.MoveInterval);
            changes.Add((step, spawn, move));
        }
        (int, int, int)[] expected =
            [(102, 9, 5), (204, 8, 4), (306, 7, 4), (408, 6, 3), (510, 5, 3), (612, 4, 2), (714, 3, 2), (816, 2, 1), (918, 1, 1)];
        Assert.Equal(ramping ? expected : [], changes.Select(c => (c.Step, c.Spawn, c.Move)));
    }

    [Fact]
    public void SpawnWithEveryLaneTaken_ErasesOneObject_AsGymnaxsSlotSearchDoes()
    {
        var erased = new HashSet<int>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            var r = WithObjects(Enumerable.Range(1, 8).Select(row => (row, 0, false, false)).ToArray(), spawnTimer: 0, seed: seed);
            r.Step(N);
            var s = r.Env.StateOf(0);
            Assert.Equal(7, s.Active.Count(a => a));
            Assert.All(Enumerable.Range(0, 8).Where(lane => s.Active[lane]), lane => Assert.Equal(0, s.ObjectCol[lane]));
            erased.Add(Array.IndexOf(s.Active, false));
        }
        Assert.Equal(8, erased.Count);
    }

    [Fact]
    public void SpawnWithOneFreeLane_FillsItSevenTimesInEight_ElseErasesAnother()
    {
        const int seeds = 800;
        int filled = 0;
        for (ulong seed = 0; seed < seeds; seed++)
        {
            var r = WithObjects(Enumerable.Range(1, 7).Select(row => (row, 0, false, false)).ToArray(), spawnTimer: 0, seed: seed);
            r.Step(N);
            var s = r.Env.StateOf(0);
            if (s.Active[7])
            {
                filled++;
                Assert.Equal(8, s.Active.Count(a => a));
                Assert.Contains(s.ObjectCol[7], new[] { 0, 9 });
            }
            else Assert.Equal(6, s.Active.Count(a => a));
        }
        double expected = seeds * 7 / 8.0, band = 5 * Sigma(seeds, 7 / 8.0);
        Assert.InRange(filled, expected - band, expected + band);
    }

    [Fact]
    public void SpawnWithTwoFreeLanes_AlwaysTakesOne()
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            var r = WithObjects(Enumerable.Range(1, 6).Select(row => (row, 0, false, false)).ToArray(), spawnTimer: 0, seed: seed);
            r.Step(N);
            var s = r.Env.StateOf(0);
            Assert.Equal(7, s.Active.Count(a => a));
            Assert.True(s.Active[6] ^ s.Active[7]);
        }
    }

    [Fact]
    public void Player_MovesInRowsOneToEight_AndColumnsZeroToNine()
    {
        var r = WithObjects([]);
        for (int k = 0; k < 6; k++) r.Step(U);
        Assert.Equal([(1, 5)], r.Cells(0, Player));
        for (int k = 0; k < 10; k++) r.Step(D);
        Assert.Equal([(8, 5)], r.Cells(0, Player));
        for (int k = 0; k < 7; k++) r.Step(L);
        Assert.Equal([(8, 0)], r.Cells(0, Player));
        for (int k = 0; k < 12; k++) r.Step(R);
        Assert.Equal([(8, 9)], r.Cells(0, Player));
        Assert.Equal(0, r.Done[0]);
    }
}
