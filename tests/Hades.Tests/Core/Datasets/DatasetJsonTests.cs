using Hades.Core;
using Hades.Core.Datasets;

namespace Hades.Tests.Core.Datasets;

public class DatasetJsonTests
{
    [Fact]
    public void Round_trips_exactly_and_writes_the_same_bytes_twice()
    {
        var layout = new DatasetLayout(4, 3, 2, LabelMode.Fixed);
        var parameters = Enumerable.Range(0, 12).Select(i => MathF.PI * i / 7f - 1e-7f * i).ToArray();
        var dataset = layout.ToDataset("cartpole", parameters);
        Assert.Equal([0, 0, 1, 1], dataset.Labels);
        string path = Path.Combine(Path.GetTempPath(), $"hades-ds-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, DatasetJson.Write(dataset));
        var back = DatasetJson.Read(path);
        Assert.Equal(parameters, back.ToParameters(layout));
        Assert.Equal(DatasetJson.Write(dataset), DatasetJson.Write(back));
        File.Delete(path);
    }

    [Fact]
    public void Learned_labels_are_the_argmax_of_the_evolved_logits()
    {
        var layout = new DatasetLayout(2, 1, 3, LabelMode.Learned);
        var dataset = layout.ToDataset("acrobot", [0.5f, -0.5f, /* logits */ 0f, 2f, 1f, 3f, -1f, 0f]);
        Assert.Equal([1, 0], dataset.Labels);
        Assert.Equal([0.5f, -0.5f, 0f, 2f, 1f, 3f, -1f, 0f], dataset.ToParameters(layout));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"task\": \"cartpole\"}")]
    [InlineData("{\"task\": \"cartpole\", \"states\": [[1,2],[3]], \"labels\": [0, 1]}")]
    [InlineData("{\"task\": \"cartpole\", \"states\": [[1,2]], \"labels\": [0, 1]}")]
    [InlineData("[1, 2, 3]")]
    public void Broken_files_give_one_line_user_errors(string content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"hades-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        var e = Assert.Throws<HadesUserException>(() => DatasetJson.Read(path));
        Assert.DoesNotContain('\n', e.Message);
        File.Delete(path);
    }
}
