using System.Buffers.Binary;
using System.Text;

namespace Hades.Tests.Support;

/// <summary>An independent reader of TensorBoard event files for tests: checks every TFRecord's masked CRC-32C
/// (bitwise, not table-driven) and decodes the scalar and image summaries of each Event protocol buffer.</summary>
public static class TfEventsReader
{
    public sealed record Scalar(string Tag, long Step, float Value);

    public static (string? FileVersion, List<Scalar> Scalars) Read(byte[] file)
    {
        var scalars = new List<Scalar>();
        string? version = null;
        int offset = 0;
        while (offset < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(offset));
            Assert.Equal(Masked(file.AsSpan(offset, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)));
            var data = file.AsSpan(offset + 12, (int)length);
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)));
            long step = 0;
            foreach (var (field, value) in Fields(data.ToArray()))
            {
                if (field == 2) step = (long)(ulong)value;
                if (field == 3) version = Encoding.UTF8.GetString((byte[])value);
                if (field == 5)
                    foreach (var (sf, sv) in Fields((byte[])value))
                        if (sf == 1)
                        {
                            string tag = ""; float v = float.NaN;
                            foreach (var (vf, vv) in Fields((byte[])sv))
                            {
                                if (vf == 1) tag = Encoding.UTF8.GetString((byte[])vv);
                                if (vf == 2) v = BitConverter.Int32BitsToSingle((int)(uint)vv);
                            }
                            scalars.Add(new Scalar(tag, step, v));
                        }
            }
            offset += 16 + (int)length;
        }
        return (version, scalars);
    }

    public sealed record Image(string Tag, long Step, int Width, int Height, byte[] Encoded);

    /// <summary>The image summaries (Summary.Value.image) of an event file, CRCs checked as by <see cref="Read"/>.</summary>
    public static List<Image> ReadImages(byte[] file)
    {
        var images = new List<Image>();
        int offset = 0;
        while (offset < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(offset));
            Assert.Equal(Masked(file.AsSpan(offset, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)));
            var data = file.AsSpan(offset + 12, (int)length).ToArray();
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length)));
            long step = 0;
            foreach (var (field, value) in Fields(data))
            {
                if (field == 2) step = (long)(ulong)value;
                if (field != 5) continue;
                foreach (var (sf, sv) in Fields((byte[])value))
                {
                    if (sf != 1) continue;
                    string tag = ""; byte[]? image = null;
                    foreach (var (vf, vv) in Fields((byte[])sv))
                    {
                        if (vf == 1) tag = Encoding.UTF8.GetString((byte[])vv);
                        if (vf == 4) image = (byte[])vv;
                    }
                    if (image is null) continue;
                    int w = 0, h = 0; byte[] png = [];
                    foreach (var (f, v) in Fields(image))
                    {
                        if (f == 1) h = (int)(ulong)v;
                        if (f == 2) w = (int)(ulong)v;
                        if (f == 4) png = (byte[])v;
                    }
                    images.Add(new Image(tag, step, w, h, png));
                }
            }
            offset += 16 + (int)length;
        }
        return images;
    }

    static IEnumerable<(int Field, object Value)> Fields(byte[] data)
    {
        int i = 0;
        while (i < data.Length)
        {
            ulong key = Varint(data, ref i);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, Varint(data, ref i)); break;
                case 1: yield return (field, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(i))); i += 8; break;
                case 5: yield return (field, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(i))); i += 4; break;
                case 2:
                    int n = (int)Varint(data, ref i);
                    yield return (field, data[i..(i + n)]); i += n; break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }

    static ulong Varint(byte[] data, ref int i)
    {
        ulong v = 0; int shift = 0;
        while (true) { byte b = data[i++]; v |= (ulong)(b & 0x7F) << shift; if (b < 0x80) return v; shift += 7; }
    }

    static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
