using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Hades.Core.Runs;

/// <summary>
/// Writes TensorBoard event files: TFRecord framing (length, masked CRC-32C of the length, payload, masked
/// CRC-32C of the payload) around hand-encoded <c>Event</c> protocol buffers (wall_time = 1, step = 2,
/// file_version = 3, summary = 5 with values of tag = 1 and simple_value = 2, or image = 4 holding a
/// <c>Summary.Image</c>: height = 1, width = 2, colorspace = 3, encoded_image_string = 4).
/// </summary>
public static class TensorBoardEvents
{
    public sealed record Scalar(string Tag, long Step, float Value, double WallTime);

    public static byte[] Encode(IEnumerable<Scalar> scalars, double startTime)
    {
        using var file = new MemoryStream();
        Record(file, Event(startTime, 0, fileVersion: "brain.Event:2", summary: null));
        foreach (var s in scalars)
            Record(file, Event(s.WallTime, s.Step, null, SummaryValue(s.Tag, s.Value)));
        return file.ToArray();
    }

    /// <summary>Scalar events without the file-version record, for appending to an event file.</summary>
    public static byte[] EncodeEvents(IEnumerable<Scalar> scalars)
    {
        using var file = new MemoryStream();
        foreach (var s in scalars)
            Record(file, Event(s.WallTime, s.Step, null, SummaryValue(s.Tag, s.Value)));
        return file.ToArray();
    }

    /// <summary>One PNG image at a step, as TensorBoard's Images tab shows it.</summary>
    public sealed record Image(string Tag, long Step, double WallTime, int Width, int Height, byte[] Png);

    /// <summary>The file-version record that starts every event file.</summary>
    public static byte[] Header(double startTime)
    {
        using var file = new MemoryStream();
        Record(file, Event(startTime, 0, fileVersion: "brain.Event:2", summary: null));
        return file.ToArray();
    }

    /// <summary>One image event as a TFRecord, for appending to an event file.</summary>
    public static byte[] EncodeImage(Image image)
    {
        using var img = new MemoryStream();
        Field(img, 1, 0); Varint(img, (ulong)image.Height);
        Field(img, 2, 0); Varint(img, (ulong)image.Width);
        Field(img, 3, 0); Varint(img, 3);                                // RGB
        Field(img, 4, 2); Bytes(img, image.Png);
        using var v = new MemoryStream();
        Field(v, 1, 2); Bytes(v, Encoding.UTF8.GetBytes(image.Tag));
        Field(v, 4, 2); Bytes(v, img.ToArray());                         // Summary.Value.image
        using var summary = new MemoryStream();
        Field(summary, 1, 2); Bytes(summary, v.ToArray());
        using var file = new MemoryStream();
        Record(file, Event(image.WallTime, image.Step, null, summary.ToArray()));
        return file.ToArray();
    }

    static byte[] SummaryValue(string tag, float value)
    {
        using var v = new MemoryStream();
        Field(v, 1, 2); Bytes(v, Encoding.UTF8.GetBytes(tag));          // Summary.Value.tag
        Field(v, 2, 5); Span<byte> f = stackalloc byte[4];              // Summary.Value.simple_value (fixed32)
        BinaryPrimitives.WriteSingleLittleEndian(f, value); v.Write(f);
        using var summary = new MemoryStream();
        Field(summary, 1, 2); Bytes(summary, v.ToArray());              // Summary.value
        return summary.ToArray();
    }

    static byte[] Event(double wallTime, long step, string? fileVersion, byte[]? summary)
    {
        using var e = new MemoryStream();
        Field(e, 1, 1); Span<byte> d = stackalloc byte[8];             // wall_time (fixed64 double)
        BinaryPrimitives.WriteDoubleLittleEndian(d, wallTime); e.Write(d);
        if (step != 0) { Field(e, 2, 0); Varint(e, (ulong)step); }      // step
        if (fileVersion != null) { Field(e, 3, 2); Bytes(e, Encoding.UTF8.GetBytes(fileVersion)); }
        if (summary != null) { Field(e, 5, 2); Bytes(e, summary); }
        return e.ToArray();
    }

    static void Field(Stream s, int number, int wireType) => Varint(s, (ulong)(number << 3 | wireType));

    static void Bytes(Stream s, byte[] data) { Varint(s, (ulong)data.Length); s.Write(data); }

    static void Varint(Stream s, ulong v)
    {
        while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        s.WriteByte((byte)v);
    }

    static void Record(Stream s, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        s.Write(header);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, MaskedCrc32C(header));
        s.Write(crc);
        s.Write(data);
        BinaryPrimitives.WriteUInt32LittleEndian(crc, MaskedCrc32C(data));
        s.Write(crc);
    }

    /// <summary>
    /// CRC-32C (Castagnoli), masked as TFRecord does: rotate right 15, add 0xa282ead8. The CRC steps are the BCL's
    /// <see cref="BitOperations.Crc32C(uint, ulong)"/> (SSE4.2/ARM CRC instructions, with its own software fallback);
    /// System.IO.Hashing has only the ISO CRC-32 and CRC-64, not Castagnoli's polynomial.
    /// </summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8) c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) c = BitOperations.Crc32C(c, data[i]);
        c ^= 0xFFFFFFFFu;
        return BitOperations.RotateRight(c, 15) + 0xA282EAD8u;
    }
}
