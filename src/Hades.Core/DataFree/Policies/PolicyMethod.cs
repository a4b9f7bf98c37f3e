using static TorchSharp.torch;

namespace Hades.Core.DataFree.Policies;

/// <summary>
/// One data-free policy distillation method: where the student's inputs come from (and any generator, buffer or
/// pool that makes them). <see cref="PolicyDistilJob"/> runs the student training, scoring and outputs that all
/// methods share. Methods are listed in <see cref="PolicyMethods"/>.
/// </summary>
public abstract class PolicyMethod(PolicyDistilParts parts)
{
    protected PolicyDistilParts Parts { get; } = parts;
    protected DistilConfig Config => Parts.Config;

    /// <summary>State arrays the method adds after the student's (generator, buffer).</summary>
    public virtual void AddInitialArrays(List<Datasets.Npz.Named> arrays) { }

    /// <summary>The method's tensors for one <see cref="PolicyDistilJob.Advance"/>, read from the state.</summary>
    public abstract PolicyChunk Begin(DistilState state);

    /// <summary>The student's loss on a batch given the teacher's logits (KL(softmax T ‖ softmax S) unless overridden).</summary>
    public virtual Tensor StudentLoss(Tensor teacherLogits, Tensor studentLogits) => DistilLosses.Kl(teacherLogits, studentLogits);

    /// <summary>The generated set of a state [N, O] (see <see cref="PolicyDistilJob.GeneratedSet"/>).</summary>
    public abstract float[] GeneratedSet(DistilState state, Generator g);

    /// <summary>Anything the method must have done for its environment-step count to be complete before scoring.</summary>
    public virtual void PrepareScoring() { }
}

/// <summary>A method's working tensors during one <see cref="PolicyDistilJob.Advance"/>.</summary>
public abstract class PolicyChunk : IDisposable
{
    /// <summary>Runs before the student step of <paramref name="step"/> (generator restarts and updates).</summary>
    public virtual void BeforeStudentStep(int step, AdamVector student) { }

    /// <summary>The student's batch [B, O] of <paramref name="step"/>, drawn with <paramref name="g"/> (under no_grad).</summary>
    public abstract Tensor StudentBatch(int step, Generator g);

    /// <summary>Runs after the student step of <paramref name="step"/> (exemplar harvests).</summary>
    public virtual void AfterStudentStep(int step) { }

    /// <summary>Adds the method's state arrays after the student's.</summary>
    public virtual void Save(List<Datasets.Npz.Named> arrays) { }

    public virtual void Dispose() { }
}
