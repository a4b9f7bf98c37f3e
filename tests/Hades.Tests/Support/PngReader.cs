using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Hades.Core.Rendering;
using SkiaSharp;

namespace Hades.Tests.Support;

/// <summary>A strict PNG checker for tests: the signature, every chunk's CRC-32 (System.IO.Hashing), IHDR first and
/// IEND last; then SkiaSharp's decoder must read the image, whose RGB pixels come back.</summary>
public static class PngReader
{
    public sealed record Image(int Width, int Height, byte[] Rgb)
    {
        public Rgb Pixel(int x, int y)
        {
            int i = (y * Width + x) * 3;
            return new(Rgb[i], Rgb[i + 1], Rgb[i + 2]);
        }
    }

    public static Image Read(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int offset = 8, width = 0, height = 0;
        var types = new List<string>();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length)), crc);
            if (type == "IHDR") { width = BinaryPrimitives.ReadInt32BigEndian(data); height = BinaryPrimitives.ReadInt32BigEndian(data[4..]); }
            types.Add(type);
            offset += 12 + length;
        }
        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        Assert.Contains("IDAT", types);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                int i = (y * width + x) * 3;
                rgb[i] = c.Red; rgb[i + 1] = c.Green; rgb[i + 2] = c.Blue;
            }
        return new Image(width, height, rgb);
    }
}
