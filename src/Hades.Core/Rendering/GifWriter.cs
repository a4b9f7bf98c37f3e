namespace Hades.Core.Rendering;

/// <summary>
/// Writes an animated greyscale GIF (GIF89a, W3C/CompuServe 1990 spec): a 256-level grey global colour table, a
/// NETSCAPE2.0 looping extension, and per frame a graphic-control extension (delay) plus an image compressed with
/// variable-length LZW (minimum code size 8, codes of 9–12 bits, a clear code when the table is full). Colour
/// pictures are reduced to grey by luminance (0.299 R + 0.587 G + 0.114 B). All frames must have the same size.
/// Written here because SkiaSharp encodes no GIF and the only served .NET libraries that do (ImageSharp,
/// Magick.NET) are a discouraged dependency with reported crafted-image flaws and a large native ImageMagick build;
/// see docs/architecture.md ("Pictures").
/// </summary>
public static class GifWriter
{
    public static byte[] Encode(IReadOnlyList<Picture> frames, int delayCentiseconds = 20, bool loop = true)
    {
        if (frames.Count == 0) throw new ArgumentException("a GIF needs at least one frame", nameof(frames));
        int width = frames[0].Width, height = frames[0].Height;
        if (width > ushort.MaxValue || height > ushort.MaxValue || frames.Any(f => f.Width != width || f.Height != height))
            throw new ArgumentException("frames must share one size of at most 65535×65535");
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, width); WriteUInt16(gif, height);
        gif.WriteByte(0xF7);             // global colour table, 8 bits per primary, 2^(7+1) = 256 entries
        gif.WriteByte(0); gif.WriteByte(0); // background colour index, pixel aspect ratio
        for (int i = 0; i < 256; i++) { gif.WriteByte((byte)i); gif.WriteByte((byte)i); gif.WriteByte((byte)i); }
        if (loop)
        {
            gif.Write([0x21, 0xFF, 11]); gif.Write("NETSCAPE2.0"u8);
            gif.Write([3, 1, 0, 0, 0]);  // sub-block: loop count 0 = forever
        }
        foreach (var frame in frames)
        {
            gif.Write([0x21, 0xF9, 4, 0]);   // graphic control extension, no transparency, disposal unspecified
            WriteUInt16(gif, delayCentiseconds);
            gif.Write([0, 0]);
            gif.WriteByte(0x2C);             // image descriptor
            WriteUInt16(gif, 0); WriteUInt16(gif, 0); WriteUInt16(gif, width); WriteUInt16(gif, height);
            gif.WriteByte(0);                // no local colour table, not interlaced
            gif.WriteByte(8);                // LZW minimum code size
            WriteSubBlocks(gif, Lzw(Grey(frame)));
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    public static void Save(IReadOnlyList<Picture> frames, string path, int delayCentiseconds = 20)
    {
        Storage.AtomicFile.WriteAllBytes(path, Encode(frames, delayCentiseconds));
    }

    static byte[] Grey(Picture c)
    {
        var rgb = c.RgbBytes();
        var grey = new byte[c.Width * c.Height];
        for (int i = 0; i < grey.Length; i++)
            grey[i] = (byte)Math.Round(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
        return grey;
    }

    /// <summary>GIF-flavoured LZW of 8-bit indices: codes packed least-significant bit first.</summary>
    internal static byte[] Lzw(ReadOnlySpan<byte> pixels)
    {
        const int clear = 256, end = 257, maxCodes = 4096;
        var output = new List<byte>(pixels.Length / 2 + 16);
        int bitBuffer = 0, bitCount = 0, codeSize = 9, next = end + 1;
        var table = new Dictionary<int, int>();
        void Emit(int code)
        {
            bitBuffer |= code << bitCount; bitCount += codeSize;
            while (bitCount >= 8) { output.Add((byte)bitBuffer); bitBuffer >>= 8; bitCount -= 8; }
        }
        Emit(clear);
        int prefix = pixels[0];
        for (int i = 1; i < pixels.Length; i++)
        {
            int key = prefix << 8 | pixels[i];
            if (table.TryGetValue(key, out int code)) { prefix = code; continue; }
            Emit(prefix);
            // The decoder lags one entry behind, so widen codes once the entries made *before* this one fill the width.
            if (next > (1 << codeSize) - 1 && codeSize < 12) codeSize++;
            if (next < maxCodes) table[key] = next++;
            else { Emit(clear); table.Clear(); next = end + 1; codeSize = 9; }
            prefix = pixels[i];
        }
        Emit(prefix);
        if (next > (1 << codeSize) - 1 && codeSize < 12) codeSize++;
        Emit(end);
        if (bitCount > 0) output.Add((byte)bitBuffer);
        return output.ToArray();
    }

    static void WriteSubBlocks(Stream s, byte[] data)
    {
        for (int i = 0; i < data.Length; i += 255)
        {
            int n = Math.Min(255, data.Length - i);
            s.WriteByte((byte)n); s.Write(data, i, n);
        }
        s.WriteByte(0);
    }

    static void WriteUInt16(Stream s, int v) { s.WriteByte((byte)v); s.WriteByte((byte)(v >> 8)); }
}
