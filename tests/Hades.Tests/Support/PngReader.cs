using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hades.Tests.Support;

/// <summary>A strict little PNG checker for tests: signature, chunk CRCs, IHDR, and IDAT that inflates to exactly
/// height × (1 + width × 3) bytes of 8-bit RGB rows.</summary>
public static class PngReader
{
    public sealed record Image(int Width, int Height, byte[] Rows);

    public static Image Read(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int offset = 8, width = 0, height = 0;
        using var idat = new MemoryStream();
        bool end = false;
        while (!end)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc(png.AsSpan(offset + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data); height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]); Assert.Equal(2, data[9]);
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": end = true; break;
            }
            offset += 12 + length;
        }
        using var z = new ZLibStream(new MemoryStream(idat.ToArray()), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        Assert.Equal(height * (1 + width * 3), raw.Length);
        return new Image(width, height, raw.ToArray());
    }

    static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}
