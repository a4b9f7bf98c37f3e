using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Hades.Core.Datasets;

/// <summary>
/// NumPy <c>.npz</c> export of a dataset, readable with <c>numpy.load</c>: <c>states</c> (float32 [D, obs]),
/// <c>labels</c> (int64 [D]; continuous tasks: <c>actions</c> float32 [D, A] instead), <c>label_logits</c> (float32 [D, A], learned labels only) and <c>task</c>
/// (a 0-d unicode array). Each member is a version-1.0 <c>.npy</c> file inside an uncompressed zip.
/// </summary>
public static class Npz
{
    public static void Write(SyntheticDataset dataset, string path, IEnumerable<Named>? extra = null)
    {
        var arrays = new List<Named> { Named.Floats("states", [dataset.Size, dataset.ObservationSize], dataset.States.SelectMany(s => s).ToArray()) };
        if (dataset.Actions is { } actions)
            arrays.Add(Named.Floats("actions", [dataset.Size, actions[0].Length], actions.SelectMany(s => s).ToArray()));
        else
            arrays.Add(Named.Longs("labels", [dataset.Size], dataset.Labels.Select(l => (long)l).ToArray()));
        if (dataset.LabelLogits is { } logits)
            arrays.Add(Named.Floats("label_logits", [dataset.Size, logits[0].Length], logits.SelectMany(s => s).ToArray()));
        arrays.Add(Named.Text("task", dataset.Task));
        if (extra is not null) arrays.AddRange(extra);
        WriteArrays(arrays, path);
    }

    /// <summary>One named array to write: NumPy dtype string, shape and raw little-endian bytes.</summary>
    public sealed record Named(string Name, string Descr, int[] Shape, byte[] Data)
    {
        public static Named Floats(string name, int[] shape, float[] values) =>
            new(name, "<f4", shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        public static Named Longs(string name, int[] shape, long[] values) =>
            new(name, "<i8", shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        public static Named Text(string name, string value) => new(name, $"<U{value.Length}", [], Encoding.UTF32.GetBytes(value));
    }

    /// <summary>Writes any arrays as an .npz (atomically: a temporary file, then a rename).</summary>
    public static void WriteArrays(IEnumerable<Named> arrays, string path)
    {
        Storage.AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var a in arrays) Add(zip, a.Name, a.Descr, a.Shape, a.Data);
        });
    }

    static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static void Add(ZipArchive zip, string name, string descr, int[] shape, byte[] data)
    {
        var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
        entry.LastWriteTime = FixedTimestamp; // the same arrays always give the same bytes
        using var s = entry.Open();
        string shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        s.Write(BitConverter.GetBytes((ushort)header.Length));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(data);
    }

    /// <summary>One array read back from an .npz: its dtype, shape and raw little-endian bytes.</summary>
    public sealed record Array(string Descr, int[] Shape, byte[] Data);

    /// <summary>Reads every member of an .npz written by <see cref="Write"/> (or by NumPy, for these dtypes).</summary>
    /// <remarks>A file that is not a zip archive, or a damaged one, is a user error (one line naming the file).</remarks>
    public static IReadOnlyDictionary<string, Array> Read(string path)
    {
        try { return ReadMembers(path); }
        catch (InvalidDataException e) { throw new HadesUserException($"{path}: not a readable .npz file ({e.Message})"); }
    }

    static IReadOnlyDictionary<string, Array> ReadMembers(string path)
    {
        var result = new Dictionary<string, Array>();
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            var bytes = m.ToArray();
            if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
                throw new HadesUserException($"{path}: {entry.Name} is not an .npy array");
            int headerLength = BitConverter.ToUInt16(bytes, 8);
            string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
            string descr = System.Text.RegularExpressions.Regex.Match(header, "'descr': '([^']*)'").Groups[1].Value;
            var shape = System.Text.RegularExpressions.Regex.Match(header, @"'shape': \(([^)]*)\)").Groups[1].Value
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            result[Path.GetFileNameWithoutExtension(entry.Name)] = new Array(descr, shape, bytes[(10 + headerLength)..]);
        }
        return result;
    }
}
