namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// MinAtar-style Freeway, written from the game's published description (MinAtar README / Young &amp; Tian 2019):
/// "The player begins at the bottom of the screen and the motion is restricted to traveling up and down. Player
/// speed is also restricted such that the player can only move every 3 frames. A reward of +1 is given when the
/// player reaches the top of the screen, at which point the player is returned to the bottom. Cars travel
/// horizontally on the screen and teleport to the other side when the edge is reached. When hit by a car, the player
/// is returned to the bottom of the screen. Car direction and speed is indicated by 5 trail channels. The location of
/// the trail gives direction while the specific channel indicates how frequently the car moves (from once every frame
/// to once every 5 frames). Each time the player successfully reaches the top of the screen, the car speeds are
/// randomized. Termination occurs after 2500 frames have elapsed." The details below are this implementation's own
/// choices.
/// <list type="bullet">
/// <item>Channels: 0 chicken, 1 car, 2–6 trail of a car moving every 1–5 frames (the car's previous cell).
/// Actions: 0 no-op, 1 up, 2 down.</item>
/// <item>The chicken lives in column 4 and starts in row 9. After it moves it must wait two frames, so it moves at
/// most every third frame; a move it cannot make is ignored.</item>
/// <item>Rows 1–8 each hold one car; cars in even lanes (rows 1, 3, 5, 7) drive right, the others left, wrapping
/// around the edges. Reset draws each car's column (0–9), then each car's period (1–5 frames).</item>
/// <item>Reaching row 0 gives +1 and returns the chicken to row 9; with ramping on (the default) every car then gets
/// a new random period, with ramping off the periods stay as drawn at reset. A car in the chicken's cell (checked
/// after the chicken moves and after the cars move) sends it back to row 9.</item>
/// <item>The episode ends only by truncation after 2500 steps (gymnax's limit).</item>
/// </list>
/// </summary>
public sealed class Freeway : MinAtarEnv
{
    public const int NoOp = 0, Up = 1, Down = 2;
    internal const int ChickenCol = 4, StartRow = 9, Cooldown = 2, MaxPeriod = 5;
    const int TopLane = 1, Lanes = 8;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
        ["chicken", "car", "speed 1", "speed 2", "speed 3", "speed 4", "speed 5"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("freeway", 7, 3, 2500);

    internal sealed class State
    {
        public int Row, Wait;
        public readonly int[] CarCol = new int[Lanes];
        public readonly int[] Period = new int[Lanes];
        public readonly int[] Timer = new int[Lanes];
        public readonly int[] TrailCol = new int[Lanes];

        public static int Direction(int lane) => lane % 2 == 0 ? 1 : -1;
    }

    readonly State[] _states;

    public Freeway(int count, double stickyProbability = DefaultStickyProbability, bool ramping = true)
        : base(count, SpecFor, stickyProbability, ramping)
    {
        _states = new State[count];
        for (int i = 0; i < count; i++) _states[i] = new State();
    }

    /// <summary>Test hook: the mutable state of one instance.</summary>
    internal State StateOf(int instance) => _states[instance];

    protected override void ResetInstance(int instance)
    {
        var s = _states[instance];
        s.Row = StartRow;
        s.Wait = 0;
        for (int lane = 0; lane < Lanes; lane++)
        {
            s.CarCol[lane] = NextInt(instance, Size);
            s.TrailCol[lane] = Wrap(s.CarCol[lane] - State.Direction(lane));
        }
        RandomizeSpeeds(instance, s);
    }

    void RandomizeSpeeds(int instance, State s)
    {
        for (int lane = 0; lane < Lanes; lane++)
        {
            s.Period[lane] = 1 + NextInt(instance, MaxPeriod);
            s.Timer[lane] = s.Period[lane];
        }
    }

    static int Wrap(int col) => (col % Size + Size) % Size;

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        float reward = 0f;
        if (s.Wait > 0) s.Wait--;
        else if (action == Up || (action == Down && s.Row < StartRow))
        {
            s.Row += action == Up ? -1 : 1;
            s.Wait = Cooldown;
        }

        if (s.Row == 0)
        {
            reward = 1f;
            s.Row = StartRow;
            if (Ramping) RandomizeSpeeds(instance, s);
        }
        HitByCar(s);

        for (int lane = 0; lane < Lanes; lane++)
        {
            if (--s.Timer[lane] > 0) continue;
            s.Timer[lane] = s.Period[lane];
            s.TrailCol[lane] = s.CarCol[lane];
            s.CarCol[lane] = Wrap(s.CarCol[lane] + State.Direction(lane));
        }
        HitByCar(s);
        return reward;
    }

    static void HitByCar(State s)
    {
        int lane = s.Row - TopLane;
        if ((uint)lane < Lanes && s.CarCol[lane] == ChickenCol) s.Row = StartRow;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, s.Row, ChickenCol, 0);
        for (int lane = 0; lane < Lanes; lane++)
        {
            int row = lane + TopLane;
            Mark(grid, row, s.CarCol[lane], 1);
            Mark(grid, row, s.TrailCol[lane], 1 + s.Period[lane]);
        }
    }
}
