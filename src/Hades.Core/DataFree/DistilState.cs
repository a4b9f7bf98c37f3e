using System.IO.Compression;
using Hades.Core.Datasets;

namespace Hades.Core.DataFree;

/// <summary>
/// The whole state of a distillation run after <see cref="Step"/> student steps, as named arrays (student and
/// generator parameters, optimiser moments, exemplar buffer, counters). Together with the config it fully
/// determines the rest of the run: <see cref="IDistilJob.Advance"/> is a pure function of (config, state).
/// Serialised as an .npz (zip of .npy) byte array for the journal.
/// </summary>
public sealed record DistilState(int Step, IReadOnlyList<Npz.Named> Arrays)
{
    public Npz.Named Get(string name) =>
        Arrays.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException($"distillation state has no array \"{name}\"");

    public bool Has(string name) => Arrays.Any(a => a.Name == name);

    public float[] Floats(string name) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Get(name).Data).ToArray();

    public long[] Longs(string name) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(Get(name).Data).ToArray();

    public byte[] ToBytes()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"hades-state-{Guid.NewGuid():N}.npz");
        try
        {
            Npz.WriteArrays([Npz.Named.Longs("__step", [], [Step]), .. Arrays], temp);
            return File.ReadAllBytes(temp);
        }
        finally { File.Delete(temp); }
    }

    public static DistilState FromBytes(byte[] bytes)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"hades-state-{Guid.NewGuid():N}.npz");
        try
        {
            File.WriteAllBytes(temp, bytes);
            var read = Npz.Read(temp);
            int step = (int)System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(read["__step"].Data)[0];
            var arrays = read.Where(kv => kv.Key != "__step")
                .Select(kv => new Npz.Named(kv.Key, kv.Value.Descr, kv.Value.Shape, kv.Value.Data)).ToList();
            return new DistilState(step, arrays);
        }
        finally { File.Delete(temp); }
    }
}
