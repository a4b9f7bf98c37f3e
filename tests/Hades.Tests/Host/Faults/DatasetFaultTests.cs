using Hades.Tests.Support;

namespace Hades.Tests.Host.Faults;

/// <summary>Dataset files given to eval/export with non-finite numbers are refused in one line.</summary>
public sealed class DatasetFaultTests : IDisposable
{
    readonly TempDir scratch = new();

    [Theory]
    [InlineData("eval")]
    [InlineData("export")]
    public void A_dataset_with_1e400_is_refused(string command)
    {
        string file = scratch.Sub("dataset.json");
        File.WriteAllText(file, """{ "task": "cartpole", "states": [[0, 0, 1e400, 0], [0, 0, 0, 0]], "labels": [0, 1] }""");
        var before = DirectorySnapshot.Of(scratch.Path);
        FaultAssert.OneLineError(HadesProcess.Run(command, file), "non-finite number");
        Assert.Equal(before, DirectorySnapshot.Of(scratch.Path));
    }

    public void Dispose() => scratch.Dispose();
}
