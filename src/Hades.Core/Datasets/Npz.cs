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
    public static void Write(SyntheticDataset dataset, string path)
    {
        string temp = path + ".tmp";
        using (var file = File.Create(temp))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            Add(zip, "states", "<f4", [dataset.Size, dataset.ObservationSize], dataset.States.SelectMany(s => s).SelectMany(BitConverter.GetBytes).ToArray());
            if (dataset.Actions is { } actions)
                Add(zip, "actions", "<f4", [dataset.Size, actions[0].Length], actions.SelectMany(s => s).SelectMany(BitConverter.GetBytes).ToArray());
            else
                Add(zip, "labels", "<i8", [dataset.Size], dataset.Labels.SelectMany(l => BitConverter.GetBytes((long)l)).ToArray());
            if (dataset.LabelLogits is { } logits)
                Add(zip, "label_logits", "<f4", [dataset.Size, logits[0].Length], logits.SelectMany(s => s).SelectMany(BitConverter.GetBytes).ToArray());
            Add(zip, "task", $"<U{dataset.Task.Length}", [], Encoding.UTF32.GetBytes(dataset.Task));
        }
        File.Move(temp, path, overwrite: true);
    }

    static void Add(ZipArchive zip, string name, string descr, int[] shape, byte[] data)
    {
        using var s = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
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
    public static IReadOnlyDictionary<string, Array> Read(string path)
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
