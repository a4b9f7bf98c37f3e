using System.Buffers.Binary;
using System.IO.Compression;

namespace Hades.Core.Vision;

/// <summary>An n-dimensional array of unsigned bytes as stored in an IDX file.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    /// <summary>Number of items along the first dimension.</summary>
    public int Count => Dimensions[0];
}

/// <summary>
/// Reads and writes IDX files, the format of the MNIST and Fashion-MNIST distributions (LeCun et al.): a
/// big-endian magic <c>0x00 0x00 type ndims</c>, then <c>ndims</c> big-endian int32 sizes, then the data in
/// row-major order. Only the unsigned-byte type (0x08) is supported: magic 0x00000803 for image stacks
/// [N, rows, cols] and 0x00000801 for label vectors [N]. Files may be plain or gzip-compressed (detected from the
/// gzip signature, not the file name). Any problem with the file is reported as a one-line
/// <see cref="HadesUserException"/>.
/// </summary>
public static class IdxFile
{
    public const int UByteImagesMagic = 0x00000803;
    public const int UByteLabelsMagic = 0x00000801;

    /// <summary>Reads <paramref name="path"/> and checks its magic number.</summary>
    /// <param name="missingHint">Appended to the message when the file does not exist (e.g. how to install it).</param>
    public static IdxArray Read(string path, int expectedMagic, string? missingHint = null)
    {
        if (!File.Exists(path))
            throw new HadesUserException($"IDX file {path} not found" + (missingHint is null ? "" : $"; {missingHint}"));
        byte[] raw;
        try { raw = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HadesUserException($"cannot read IDX file {path}: {e.Message}");
        }
        return Parse(Decompress(raw, path), expectedMagic, path);
    }

    /// <summary>Parses an uncompressed IDX image; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, int expectedMagic, string name)
    {
        if (bytes.Length < 4)
            throw new HadesUserException($"{name}: truncated IDX file ({bytes.Length} bytes, not even a header)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw new HadesUserException(
                $"{name}: not the expected IDX file: magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} " +
                $"({Describe(expectedMagic)})");
        int rank = magic & 0xFF;
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new HadesUserException($"{name}: truncated IDX file ({bytes.Length} bytes, header needs {headerLength})");
        var dims = new int[rank];
        long expected = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * d)..]);
            if (dims[d] <= 0)
                throw new HadesUserException($"{name}: corrupt IDX header: dimension {d} is {dims[d]}");
            expected *= dims[d];
            if (expected > Array.MaxLength)
                throw new HadesUserException($"{name}: corrupt IDX header: dimensions {string.Join('×', dims[..(d + 1)])} are too large");
        }
        long actual = bytes.Length - headerLength;
        if (actual < expected)
            throw new HadesUserException(
                $"{name}: truncated IDX file: dimensions {string.Join('×', dims)} need {expected} data bytes, found {actual}");
        if (actual > expected)
            throw new HadesUserException(
                $"{name}: corrupt IDX file: dimensions {string.Join('×', dims)} need {expected} data bytes, found {actual} (trailing data)");
        return new IdxArray(dims, bytes[headerLength..].ToArray());
    }

    /// <summary>The uncompressed IDX bytes of <paramref name="array"/> (unsigned-byte type).</summary>
    public static byte[] Encode(IdxArray array)
    {
        long count = array.Dimensions.Aggregate(1L, (a, d) => a * d);
        if (count != array.Data.Length)
            throw new ArgumentException($"data length {array.Data.Length} does not match dimensions {string.Join('×', array.Dimensions)}");
        var bytes = new byte[4 + 4 * array.Dimensions.Length + array.Data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0800 | array.Dimensions.Length);
        for (int d = 0; d < array.Dimensions.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), array.Dimensions[d]);
        array.Data.CopyTo(bytes, 4 + 4 * array.Dimensions.Length);
        return bytes;
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/>, gzip-compressed if asked.</summary>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        var bytes = Encode(array);
        if (!gzip) { File.WriteAllBytes(path, bytes); return; }
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Fastest);
        z.Write(bytes);
    }

    static byte[] Decompress(byte[] raw, string path)
    {
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return raw;
        try
        {
            using var input = new MemoryStream(raw);
            using var z = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            z.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new HadesUserException($"{path}: corrupt or truncated gzip data ({e.Message.TrimEnd('.')})");
        }
    }

    static string Describe(int magic) => magic switch
    {
        UByteImagesMagic => "unsigned-byte images N×rows×cols",
        UByteLabelsMagic => "unsigned-byte labels N",
        _ => $"unsigned-byte rank {magic & 0xFF}",
    };
}
