using Hades.Core.Datasets;
using Hades.Core.Rendering;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Rendering;

public class PictureTests
{
    [Theory]
    [InlineData("cartpole", 4, 2)]
    [InlineData("cartpole", 5, 2)]
    [InlineData("acrobot", 6, 3)]
    [InlineData("somethingelse", 3, 2)]
    public void Dataset_pictures_are_valid_pngs_with_one_panel_per_pair(string task, int pairs, int actions)
    {
        int obs = task == "acrobot" ? 6 : 4;
        var layout = new DatasetLayout(pairs, obs, actions, LabelMode.Fixed);
        var dataset = layout.ToDataset(task, Enumerable.Range(0, layout.Dimension).Select(i => (float)Math.Sin(i)).ToArray());
        using var picture = DatasetPicture.Draw(dataset);
        var image = PngReader.Read(picture.EncodePng());
        int columns = Math.Min(4, pairs), rows = (pairs + columns - 1) / columns;
        Assert.Equal(columns * DatasetPicture.PanelWidth, image.Width);
        Assert.Equal(rows * DatasetPicture.PanelHeight + DatasetPicture.TitleHeight, image.Height);
        Assert.Contains(image.Rgb, b => b != 255); // something was drawn
    }

    [Fact]
    public void CartPole_panel_shows_the_cart_at_its_position_and_the_label_in_its_colour()
    {
        var layout = new DatasetLayout(2, 4, 2, LabelMode.Fixed);
        var parameters = new float[layout.Dimension];   // both states at rest in the middle of the track
        var dataset = layout.ToDataset("cartpole", parameters);
        using var picture = DatasetPicture.Draw(dataset);
        var image = PngReader.Read(picture.EncodePng());
        for (int pair = 0; pair < 2; pair++)
        {
            var (cx, trackY) = DatasetPicture.CartCentre(pair, dataset.States[pair]);
            Assert.Equal(Rgb.Black, image.Pixel((int)cx, (int)trackY - 4));           // the cart's body
            Assert.Equal(Rgb.White, image.Pixel((int)cx + 40, (int)trackY - 30));     // beside the upright pole
            var label = dataset.Labels[pair] == 1 ? DatasetPicture.RightColour : DatasetPicture.LeftColour;
            int x0 = pair * DatasetPicture.PanelWidth;
            bool labelDrawn = false;
            for (int y = DatasetPicture.TitleHeight; y < DatasetPicture.TitleHeight + 24 && !labelDrawn; y++)
                for (int x = x0; x < x0 + DatasetPicture.PanelWidth && !labelDrawn; x++) labelDrawn = image.Pixel(x, y) == label;
            Assert.True(labelDrawn, $"pair {pair}: no pixel of the label colour {label} in the caption");
        }
    }

    [Fact]
    public void Pixels_survive_png_encoding()
    {
        using var picture = new Picture(3, 2, Rgb.White);
        picture.Set(1, 1, new Rgb(10, 20, 30));
        var image = PngReader.Read(picture.EncodePng());
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(new Rgb(10, 20, 30), image.Pixel(1, 1));
        Assert.Equal(Rgb.White, image.Pixel(0, 1));
        Assert.Equal(new Rgb(10, 20, 30), picture.GetPixel(1, 1));
    }

    [Fact]
    public void Text_is_drawn_with_a_real_font_inside_its_measured_box()
    {
        Assert.True(Typefaces.Sans.GlyphCount > 100, $"typeface {Typefaces.Sans.FamilyName} has no glyphs");
        Assert.True(Picture.TextWidth("WWWW") > Picture.TextWidth("iiii"));   // proportional, unlike a 5×7 bitmap font
        using var picture = new Picture(120, 30, Rgb.White);
        picture.Text(5, 5, "Hades 0.5", Rgb.Black);
        int width = Picture.TextWidth("Hades 0.5"), height = Picture.TextHeight();
        int dark = 0, outside = 0;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 120; x++)
            {
                var p = picture.GetPixel(x, y);
                if (p.R > 128) continue;
                if (x >= 5 && x <= 5 + width && y >= 5 && y <= 5 + height) dark++; else outside++;
            }
        Assert.True(dark > 20, $"{dark} dark pixels");
        Assert.Equal(0, outside);
    }
}
