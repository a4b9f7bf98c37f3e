using Hades.Core.Rendering;

namespace Hades.Tests.Core.Rendering;

public class GifWriterTests
{
    /// <summary>Walks the GIF block structure; returns the size, the frame count and each frame's LZW data.</summary>
    static (int Width, int Height, List<byte[]> Frames, bool Loops) Parse(byte[] gif)
    {
        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
        int width = gif[6] | gif[7] << 8, height = gif[8] | gif[9] << 8;
        Assert.Equal(0xF7, gif[10]);
        int at = 13 + 3 * 256;
        var frames = new List<byte[]>();
        bool loops = false;
        while (true)
        {
            byte block = gif[at++];
            if (block == 0x3B) break;
            if (block == 0x21)
            {
                byte label = gif[at++];
                if (label == 0xFF && gif[at] == 11 && System.Text.Encoding.ASCII.GetString(gif, at + 1, 11) == "NETSCAPE2.0") loops = true;
                at = SkipSubBlocks(gif, at, null);
            }
            else
            {
                Assert.Equal(0x2C, block);
                Assert.Equal(width, gif[at + 4] | gif[at + 5] << 8);
                Assert.Equal(height, gif[at + 6] | gif[at + 7] << 8);
                Assert.Equal(8, gif[at + 9]);
                var data = new List<byte>();
                at = SkipSubBlocks(gif, at + 10, data);
                frames.Add(data.ToArray());
            }
        }
        Assert.Equal(gif.Length, at);
        return (width, height, frames, loops);
    }

    static int SkipSubBlocks(byte[] gif, int at, List<byte>? data)
    {
        while (gif[at] != 0) { data?.AddRange(gif.AsSpan(at + 1, gif[at]).ToArray()); at += 1 + gif[at]; }
        return at + 1;
    }

    /// <summary>A plain GIF LZW decoder written from the specification (Appendix F of GIF89a).</summary>
    static List<byte> Decode(byte[] data)
    {
        var output = new List<byte>();
        var table = new List<byte[]>();
        void Reset() { table.Clear(); for (int i = 0; i < 258; i++) table.Add([(byte)i]); }
        Reset();
        int codeSize = 9, bit = 0;
        byte[]? previous = null;
        while (true)
        {
            int code = 0;
            for (int b = 0; b < codeSize; b++, bit++) code |= (data[bit >> 3] >> (bit & 7) & 1) << b;
            if (code == 256) { Reset(); codeSize = 9; previous = null; continue; }
            if (code == 257) break;
            byte[] entry;
            if (code < table.Count) entry = table[code];
            else { Assert.Equal(table.Count, code); Assert.NotNull(previous); entry = [.. previous!, previous![0]]; }
            output.AddRange(entry);
            if (previous is not null && table.Count < 4096)
            {
                table.Add([.. previous, entry[0]]);
                if (table.Count == 1 << codeSize && codeSize < 12) codeSize++;
            }
            previous = entry;
        }
        return output;
    }

    [Fact]
    public void Frames_round_trip_through_an_independent_decoder()
    {
        using var noisy = new Picture(150, 120, Rgb.White);
        var rng = new System.Random(5);
        for (int y = 0; y < 120; y++)
            for (int x = 0; x < 150; x++) { byte g = (byte)rng.Next(256); noisy.Set(x, y, new Rgb(g, g, g)); }
        using var flat = new Picture(150, 120, new Rgb(40, 40, 40)); // long runs: the code-not-yet-in-table case
        using var mixed = new Picture(150, 120, Rgb.White);
        mixed.Text(3, 3, "T-shirt/top", Rgb.Black, 22);   // anti-aliased: many grey levels
        var gif = GifWriter.Encode([noisy, flat, mixed], delayCentiseconds: 50);
        var (w, h, frames, loops) = Parse(gif);
        Assert.Equal((150, 120, 3, true), (w, h, frames.Count, loops));
        Picture[] source = [noisy, flat, mixed];
        for (int f = 0; f < 3; f++)
        {
            var pixels = Decode(frames[f]);
            var rgb = source[f].RgbBytes();
            Assert.Equal(150 * 120, pixels.Count);
            for (int i = 0; i < pixels.Count; i++)
                Assert.Equal(rgb[3 * i], pixels[i]); // grey pictures: luminance = the channel value
        }
    }
}
