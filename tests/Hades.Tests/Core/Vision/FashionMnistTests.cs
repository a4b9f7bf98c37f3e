using Hades.Core.Vision;

namespace Hades.Tests.Core.Vision;

public class FashionMnistTests
{
    [FashionMnistFact]
    [Trait("Category", "slow")]
    public void The_debian_files_hold_60k_train_and_10k_test_images_of_ten_balanced_classes()
    {
        using var data = FashionMnist.Load();
        Assert.Equal(new long[] { 60_000, 1, 28, 28 }, data.Train.Images.shape);
        Assert.Equal(new long[] { 10_000, 1, 28, 28 }, data.Test.Images.shape);
        Assert.All(data.Train.ClassCounts(10), c => Assert.Equal(6000, c));
        Assert.All(data.Test.ClassCounts(10), c => Assert.Equal(1000, c));
        Assert.Equal(0f, data.Train.Images.min().item<float>());
        Assert.Equal(1f, data.Train.Images.max().item<float>());
        Assert.Equal(10, FashionMnist.ClassNames.Count);
    }
}
