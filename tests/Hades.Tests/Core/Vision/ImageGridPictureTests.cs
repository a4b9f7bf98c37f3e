using Hades.Core.Vision;
using Hades.Core.Rendering;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Vision;

public class ImageGridPictureTests
{
    [Fact]
    public void The_grid_has_a_row_per_class_and_a_column_per_image_with_clipped_greys()
    {
        const int classes = 10, ipc = 2, scale = 3;
        var images = new float[classes * ipc * 784];
        // Image 1 of class 4: top-left pixel 0.5, next pixel 7 (clipped to white), next −1 (clipped to black).
        int offset = (4 * ipc + 1) * 784;
        images[offset] = 0.5f; images[offset + 1] = 7f; images[offset + 2] = -1f;
        using var canvas = ImageGridPicture.Draw(images, classes, ipc, FashionMnist.ClassNames, scale, title: "gen 3");
        var png = PngReader.Read(canvas.EncodePng());
        Assert.Equal(canvas.Width, png.Width);
        var (x, y) = ImageGridPicture.ImageOrigin(4, 1, classes, FashionMnist.ClassNames, 28, scale, "gen 3");
        Assert.Equal(x + 28 * scale + ImageGridPicture.Gap + ImageGridPicture.Margin, canvas.Width);
        var (_, lastY) = ImageGridPicture.ImageOrigin(classes - 1, 0, classes, FashionMnist.ClassNames, 28, scale, "gen 3");
        Assert.Equal(lastY + 28 * scale + ImageGridPicture.Gap + ImageGridPicture.Margin, canvas.Height);
        byte Grey(int px, int py) => png.Pixel(x + px, y + py).R;
        Assert.Equal(128, Grey(0, 0)); Assert.Equal(128, Grey(scale - 1, scale - 1));
        Assert.Equal(255, Grey(scale, 0));
        Assert.Equal(0, Grey(2 * scale, 0));
        // Labels were drawn left of the images.
        Assert.Contains(Enumerable.Range(0, x).Select(px => png.Pixel(px, y + 42).R), b => b < 128);
    }
}
