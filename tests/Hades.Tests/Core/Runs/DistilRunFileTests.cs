using Hades.Core.DataFree;
using Hades.Core.Runs;

namespace Hades.Tests.Core.Runs;

public class DistilRunFileTests
{
    /// <summary>The label names ablations against the task's preset for the method: the image preset's own 20 restarts
    /// are GAS-style itself, a policy run with 20 restarts is an ablation of the policy preset's 10.</summary>
    [Theory]
    [InlineData("fashion-mnist", 20, "GAS-style (reconstruction)")]
    [InlineData("fashion-mnist", 1, "GAS-style (reconstruction), no restarts")]
    [InlineData("cartpole", 10, "GAS-style (reconstruction)")]
    [InlineData("cartpole", 20, "GAS-style (reconstruction), 20 restarts")]
    public void Method_labels_name_what_differs_from_the_tasks_preset(string task, int restarts, string label) =>
        Assert.Equal(label, DistilRunFile.MethodLabel(DistilPresets.For(task, "gas") with { Restarts = restarts }));

    [Fact]
    public void The_image_presets_of_other_methods_are_labelled_by_name_alone() =>
        Assert.Equal("DAFL", DistilRunFile.MethodLabel(DistilPresets.For("fashion-mnist", "dafl")));
}
