using Hades.Core.BehaviourDistillation;
using Hades.Core.Datasets;
using Hades.Host.Evaluation;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Evaluation;

public sealed class DatasetSourceTests : IDisposable
{
    readonly TempDir dir = new();

    /// <summary>A bare dataset file is trained with its task's quick preset (what `hades eval --help` prints as the
    /// defaults), not with HadesConfig's task-neutral defaults: for CartPole the default job's one-layer learner.</summary>
    [Theory]
    [InlineData("cartpole")]
    [InlineData("acrobot")]
    public void A_bare_dataset_file_takes_the_inner_loop_of_its_tasks_quick_preset(string task)
    {
        var layout = new DatasetLayout(4, task == "cartpole" ? 4 : 6, task == "cartpole" ? 2 : 3, LabelMode.Fixed);
        string file = dir.Sub("dataset.json");
        File.WriteAllText(file, DatasetJson.Write(layout.ToDataset(task, new float[layout.Dimension])));
        var source = DatasetSource.Open(file);
        var preset = TaskPresets.For(task);
        Assert.Equal(preset.Hidden, source.Config.Hidden);
        Assert.Equal(preset.Activation, source.Config.Activation);
        Assert.Equal(preset.InnerSteps, source.Config.InnerSteps);
        Assert.Equal(preset.InnerLearningRate, source.Config.InnerLearningRate);
        Assert.Equal(4, source.Config.DatasetSize);
        Assert.Null(source.Run);
    }

    public void Dispose() => dir.Dispose();
}
