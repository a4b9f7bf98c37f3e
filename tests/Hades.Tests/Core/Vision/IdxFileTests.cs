using System.IO.Compression;
using Hades.Core;
using Hades.Core.Vision;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Vision;

public class IdxFileTests
{
    static IdxArray SmallImages() =>
        new([3, 2, 4], Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_written_file_reads_back_identically(bool gzip)
    {
        using var dir = new TempDir();
        string path = dir.Sub("images-idx3-ubyte" + (gzip ? ".gz" : ""));
        IdxFile.Write(path, SmallImages(), gzip);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(gzip, bytes[0] == 0x1F && bytes[1] == 0x8B);
        var read = IdxFile.Read(path, IdxFile.UByteImagesMagic);
        Assert.Equal(new[] { 3, 2, 4 }, read.Dimensions);
        Assert.Equal(SmallImages().Data, read.Data);
        Assert.Equal(3, read.Count);
    }

    [Fact]
    public void The_header_is_big_endian_with_the_documented_magic()
    {
        var bytes = IdxFile.Encode(new IdxArray([5], [1, 2, 3, 4, 5]));
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3, 4, 5 }, bytes);
        var labels = IdxFile.Parse(bytes, IdxFile.UByteLabelsMagic, "labels");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, labels.Data);
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(false, 2)]
    [InlineData(true, 10)]
    public void A_truncated_file_is_a_clear_user_error(bool gzip, int cut)
    {
        using var dir = new TempDir();
        string path = dir.Sub("x");
        IdxFile.Write(path, SmallImages(), gzip);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^Math.Min(cut, bytes.Length - 3)]);
        var e = Assert.Throws<HadesUserException>(() => IdxFile.Read(path, IdxFile.UByteImagesMagic));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Trailing_data_is_reported_as_corrupt()
    {
        var bytes = IdxFile.Encode(SmallImages()).Concat(new byte[] { 9 }).ToArray();
        var e = Assert.Throws<HadesUserException>(() => IdxFile.Parse(bytes, IdxFile.UByteImagesMagic, "f"));
        Assert.Contains("need 24 data bytes, found 25", e.Message);
    }

    [Fact]
    public void A_label_file_where_images_are_expected_names_both_magics()
    {
        var bytes = IdxFile.Encode(new IdxArray([4], [0, 1, 2, 3]));
        var e = Assert.Throws<HadesUserException>(() => IdxFile.Parse(bytes, IdxFile.UByteImagesMagic, "train-images"));
        Assert.Contains("magic number 0x00000801, expected 0x00000803", e.Message);
        Assert.StartsWith("train-images:", e.Message);
    }

    [Fact]
    public void Garbage_that_looks_like_gzip_is_a_user_error()
    {
        using var dir = new TempDir();
        string path = dir.Sub("bad.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
        var e = Assert.Throws<HadesUserException>(() => IdxFile.Read(path, IdxFile.UByteImagesMagic));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_debian_package()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<HadesUserException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        var e2 = Assert.Throws<HadesUserException>(() => FashionMnist.Load(dir.Sub("absent")));
        Assert.Contains("dataset-fashion-mnist", e2.Message);
    }

    [Fact]
    public void A_small_fake_fashion_mnist_directory_loads_plain_or_gzip()
    {
        using var dir = new TempDir();
        var rng = new System.Random(3);
        foreach (var (prefix, n, gzip) in new[] { ("train", 12, true), ("t10k", 4, false) })
        {
            var pixels = new byte[n * 28 * 28]; rng.NextBytes(pixels);
            var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            IdxFile.Write(dir.Sub($"{prefix}-images-idx3-ubyte" + (gzip ? ".gz" : "")), new IdxArray([n, 28, 28], pixels), gzip);
            IdxFile.Write(dir.Sub($"{prefix}-labels-idx1-ubyte" + (gzip ? ".gz" : "")), new IdxArray([n], labels), gzip);
        }
        using var data = FashionMnist.Load(dir.Path);
        Assert.Equal(new long[] { 12, 1, 28, 28 }, data.Train.Images.shape);
        Assert.Equal(4, data.Test.Count);
        Assert.True(data.Train.Images.max().item<float>() <= 1f && data.Train.Images.min().item<float>() >= 0f);
        var (fit, selection) = data.SplitTrain(5);
        using var _f = fit; using var _s = selection;
        Assert.Equal(7, fit.Count);
        Assert.Equal(5, selection.Count);
        // The selection slice is the end of the training set, in order.
        Assert.Equal(new long[] { 7, 8, 9, 0, 1 }, selection.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Labels_outside_the_ten_classes_are_rejected()
    {
        using var dir = new TempDir();
        IdxFile.Write(dir.Sub("train-images-idx3-ubyte"), new IdxArray([2, 28, 28], new byte[2 * 784]), false);
        IdxFile.Write(dir.Sub("train-labels-idx1-ubyte"), new IdxArray([2], [3, 12]), false);
        var e = Assert.Throws<HadesUserException>(() => FashionMnist.LoadSplit(dir.Path, "train"));
        Assert.Contains("is 12, expected 0..9", e.Message);
    }
}
