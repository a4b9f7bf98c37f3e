using Hades.Core.Datasets;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Datasets;

public class NpzTests
{
    [Fact]
    public void Npz_round_trips_states_labels_logits_and_task()
    {
        using var dir = new TempDir();
        var layout = new DatasetLayout(3, 2, 3, LabelMode.Learned);
        var parameters = Enumerable.Range(0, layout.Dimension).Select(i => i * 0.25f - 1f).ToArray();
        var dataset = layout.ToDataset("acrobot", parameters);
        string path = dir.Sub("d.npz");
        Npz.Write(dataset, path);
        var arrays = Npz.Read(path);

        Assert.Equal("<f4", arrays["states"].Descr);
        Assert.Equal([3, 2], arrays["states"].Shape);
        var states = new float[6];
        Buffer.BlockCopy(arrays["states"].Data, 0, states, 0, 24);
        Assert.Equal(parameters[..6], states);

        Assert.Equal("<i8", arrays["labels"].Descr);
        Assert.Equal([3], arrays["labels"].Shape);
        Assert.Equal(dataset.Labels.Select(l => (long)l), Enumerable.Range(0, 3).Select(i => BitConverter.ToInt64(arrays["labels"].Data, i * 8)));

        Assert.Equal([3, 3], arrays["label_logits"].Shape);
        Assert.Equal("<U7", arrays["task"].Descr);
        Assert.Empty(arrays["task"].Shape);
        Assert.Equal("acrobot", System.Text.Encoding.UTF32.GetString(arrays["task"].Data));
    }

    [Fact]
    public void Npy_headers_are_padded_to_64_bytes_as_numpy_requires()
    {
        using var dir = new TempDir();
        string path = dir.Sub("d.npz");
        Npz.Write(new DatasetLayout(2, 4, 2, LabelMode.Fixed).ToDataset("cartpole", new float[8]), path);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            var head = new byte[10];
            s.ReadExactly(head);
            int headerLength = BitConverter.ToUInt16(head, 8);
            Assert.Equal(0, (10 + headerLength) % 64);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused_with_one_line_naming_it()
    {
        using var dir = new TempDir();
        string path = dir.Sub("broken.npz");
        File.WriteAllText(path, "garbage, not a zip archive");
        var e = Assert.Throws<Hades.Core.HadesUserException>(() => Npz.Read(path));
        Assert.Contains("broken.npz: not a readable .npz file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
