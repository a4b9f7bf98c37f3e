namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// Freeway with MinAtar's rules as gymnax implements them (<c>gymnax/environments/minatar/freeway.py</c>, read for
/// the rules; this code is our own). The chicken (column 4) starts in row 9 and crosses rows 8 … 1, one car per row,
/// to row 0.
/// <list type="bullet">
/// <item>Channels (gymnax's order): 0 chicken, 1 car, 2–6 "speed 1" … "speed 5": the cell behind a car (wrapping
/// around the edge) in the channel of its speed. Actions (the minimal set): 0 no-op, 1 up, 2 down.</item>
/// <item>Reset: every car at column 0 of its row (car i in row i + 1), each with a speed s in 1 … 5 and a direction
/// (left or right) drawn at random; the chicken in row 9 with its move timer at 3.</item>
/// <item>A frame, in gymnax's order: (1) up/down moves the chicken one row (clamped to 0 … 9) only when its move
/// timer is 0, and then sets the timer to 3 — a "down" in row 9 also sets it. (2) If the chicken is in row 0: +1,
/// every car gets a new random speed and direction (its timer becomes the new speed, its column is kept), and the
/// chicken returns to row 9. (3) For each car in turn: if it is in the chicken's cell, the chicken returns to row 9;
/// if its timer is 0 the timer becomes s, the car moves one cell in its direction (wrapping from 9 to 0 or 0 to 9)
/// and, if it is now in the chicken's cell, the chicken returns to row 9; otherwise its timer falls by 1. So a car
/// of speed s moves every s + 1 frames, first on frame s + 1. (4) The chicken's move timer falls by 1 if positive
/// (so the chicken moves at most every third frame; its first move is on frame 4).</item>
/// <item>No terminal state; the episode is truncated after 2500 frames (gymnax's <c>max_steps_in_episode</c>; MinAtar
/// itself stops after 2501).</item>
/// <item>MinAtar's Freeway has no difficulty ramp: the <c>ramping</c> flag is accepted for a uniform constructor and
/// has no effect (the speeds are redrawn at every crossing whatever it says, as in MinAtar and gymnax).</item>
/// <item>Random draws (the instance's game stream): per car, in row order, the speed (1 + ⌊5u⌋) then the direction
/// (right when u &lt; 0.5), at reset and at each crossing.</item>
/// </list>
/// </summary>
public sealed class Freeway : MinAtarEnv
{
    public const int NoOp = 0, Up = 1, Down = 2;
    internal const int ChickenCol = 4, StartRow = 9, PlayerSpeed = 3, MaxSpeed = 5, Lanes = 8;

    /// <summary>Channel names in observation order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
        ["chicken", "car", "speed 1", "speed 2", "speed 3", "speed 4", "speed 5"];

    public static EnvSpec SpecFor { get; } = MinAtarSpec.Create("freeway", 7, 3, 2500);

    /// <summary>One car: its column, its move timer and its signed speed (sign = direction, +1 = right).</summary>
    internal struct Car
    {
        public int Col, Timer, Velocity;
        public readonly int Speed => Math.Abs(Velocity);
        public readonly int Direction => Math.Sign(Velocity);
    }

    internal sealed class State
    {
        public int Row, MoveTimer;
        /// <summary>Car i drives in row i + 1.</summary>
        public readonly Car[] Cars = new Car[Lanes];
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
        s.MoveTimer = PlayerSpeed;
        for (int lane = 0; lane < Lanes; lane++) s.Cars[lane].Col = 0;
        RandomizeCars(instance, s);
    }

    /// <summary>New random speed and direction for every car; columns stay.</summary>
    void RandomizeCars(int instance, State s)
    {
        for (int lane = 0; lane < Lanes; lane++)
        {
            int speed = 1 + NextInt(instance, MaxSpeed);
            int direction = NextUniform(instance) < 0.5 ? 1 : -1;
            s.Cars[lane].Velocity = speed * direction;
            s.Cars[lane].Timer = speed;
        }
    }

    static int Wrap(int col) => col < 0 ? MinAtarEnv.Size - 1 : col >= MinAtarEnv.Size ? 0 : col;

    protected override float StepInstance(int instance, int action, out bool terminal)
    {
        var s = _states[instance];
        terminal = false;
        if ((action == Up || action == Down) && s.MoveTimer == 0)
        {
            s.Row = Math.Clamp(s.Row + (action == Up ? -1 : 1), 0, StartRow);
            s.MoveTimer = PlayerSpeed;
        }

        float reward = 0f;
        if (s.Row == 0)
        {
            reward = 1f;
            RandomizeCars(instance, s);
            s.Row = StartRow;
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            ref var car = ref s.Cars[lane];
            int row = lane + 1;
            if (car.Col == ChickenCol && row == s.Row) s.Row = StartRow;
            if (car.Timer == 0)
            {
                car.Timer = car.Speed;
                car.Col = Wrap(car.Col + car.Direction);
                if (car.Col == ChickenCol && row == s.Row) s.Row = StartRow;
            }
            else car.Timer--;
        }
        if (s.MoveTimer > 0) s.MoveTimer--;
        return reward;
    }

    protected override void Render(int instance, Span<float> grid)
    {
        var s = _states[instance];
        Mark(grid, s.Row, ChickenCol, 0);
        for (int lane = 0; lane < Lanes; lane++)
        {
            var car = s.Cars[lane];
            int row = lane + 1;
            Mark(grid, row, car.Col, 1);
            Mark(grid, row, Wrap(car.Col - car.Direction), 1 + car.Speed);
        }
    }
}
