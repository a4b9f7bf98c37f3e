namespace Hades.Core.Training.Cpu;

/// <summary>
/// Two members trained on one thread in alternation, so that one member's Adam pass runs inside the other's products:
/// member A's forward and input-gradient products carry B's open weight-gradient/Adam pass
/// (<see cref="MemberTrainer.ForwardBackward"/> with B's <see cref="MemberTrainer.Feed"/>), then B's pass is finished
/// and A's opened, and so on. Adam's divisions and square roots (the divider) and the products' FMAs then run side by
/// side instead of one after the other. Each member's arithmetic is its own and in its own order, so each ends with
/// exactly the parameters it gets alone (<see cref="MemberTrainer.Train"/>), for any step counts.
/// </summary>
public sealed unsafe class MemberPair(MemberLayout layout) : IDisposable
{
    public MemberTrainer First { get; } = new(layout);
    public MemberTrainer Second { get; } = new(layout);

    /// <summary>Trains First on (xa, ta) for stepsA Adam steps at lrA and Second on (xb, tb) for stepsB at lrB.</summary>
    public void Train(float* xa, float* ta, int stepsA, float lrA, float* xb, float* tb, int stepsB, float lrB, float epsilon)
    {
        var trainers = new[] { First, Second };
        float*[] x = [xa, xb], t = [ta, tb];
        int[] steps = [stepsA, stepsB], done = [0, 0];
        float[] lr = [lrA, lrB];
        bool[] open = [false, false];
        for (int turn = 0; ; turn ^= 1)
        {
            int other = turn ^ 1;
            if (done[turn] < steps[turn])
            {
                trainers[turn].ForwardBackward(x[turn], t[turn], open[other] ? trainers[other].Feed : null);
                if (open[other]) { trainers[other].FinishUpdate(); open[other] = false; }
                done[turn]++;
                trainers[turn].OpenUpdate(x[turn], AdamKernel.Step.Of(done[turn], lr[turn], epsilon));
                open[turn] = true;
            }
            else if (open[other]) { trainers[other].FinishUpdate(); open[other] = false; }
            else if (done[other] >= steps[other]) return;
        }
    }

    public void Dispose()
    {
        // in reverse order of construction: each restores the floating-point environment it found
        Second.Dispose();
        First.Dispose();
    }
}
