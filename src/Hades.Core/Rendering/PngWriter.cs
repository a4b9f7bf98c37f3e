using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hades.Core.Rendering;

/// <summary>Writes a <see cref="Canvas"/> as an 8-bit RGB PNG (zlib-compressed IDAT, filter 0 per row).</summary>
public static class PngWriter
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Encode(Canvas canvas)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, canvas.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), canvas.Height);
        header[8] = 8; header[9] = 2; // 8 bits, truecolour
        Chunk(png, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
                for (int y = 0; y < canvas.Height; y++)
                {
                    z.WriteByte(0);
                    z.Write(canvas.Pixels, y * canvas.Width * 3, canvas.Width * 3);
                }
            Chunk(png, "IDAT", raw.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void Save(Canvas canvas, string path)
    {
        Storage.AtomicFile.WriteAllBytes(path, Encode(canvas));
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeBytes, data));
        s.Write(crc);
    }

    static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>CRC-32 (ISO 3309) over the chunk type and data, as PNG requires.</summary>
    static uint Crc32(byte[] type, byte[] data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in type) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
