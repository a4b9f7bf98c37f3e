using Hades.Core.Datasets;

namespace Hades.Core.Runs;

/// <summary>Writes and reads policies in policy.npz's layout: a direct-ES run's policy.npz, a PPO teacher's
/// policy.npz, a distilled student.npz.</summary>
public sealed class PolicyFiles(RunPaths run)
{
    /// <summary>
    /// policy.npz (direct ES): <c>flat</c> (every parameter, as the ES searches them), and per layer <c>W0, b0, …</c>
    /// (float32 [in, out] and [out]), <c>log_std</c> for continuous actions, <c>obs_offset</c>/<c>obs_scale</c> when
    /// the policy sees (obs − offset)/scale, <c>generation</c>.
    /// </summary>
    public void Write(string task, Policies.MlpShape shape, float[] flat, int generation,
        float[]? observationOffset = null, float[]? observationScale = null) =>
        WriteFile(run.PolicyFile, task, shape, flat, generation, observationOffset, observationScale);

    /// <summary>Writes a policy in policy.npz's layout (see <see cref="Write"/>) to any path.</summary>
    public static void WriteFile(string path, string task, Policies.MlpShape shape, float[] flat, int generation,
        float[]? observationOffset = null, float[]? observationScale = null)
    {
        var arrays = new List<Npz.Named>();
        arrays.Add(Npz.Named.Floats("flat", [flat.Length], flat));
        int offset = 0, l = 0;
        foreach (var (fanIn, fanOut) in shape.Layers())
        {
            arrays.Add(Npz.Named.Floats($"W{l}", [fanIn, fanOut], flat.AsSpan(offset, fanIn * fanOut).ToArray()));
            offset += fanIn * fanOut;
            arrays.Add(Npz.Named.Floats($"b{l}", [fanOut], flat.AsSpan(offset, fanOut).ToArray()));
            offset += fanOut; l++;
        }
        if (offset < flat.Length) arrays.Add(Npz.Named.Floats("log_std", [flat.Length - offset], flat.AsSpan(offset).ToArray()));
        if (observationOffset is not null && observationScale is not null)
        {
            arrays.Add(Npz.Named.Floats("obs_offset", [observationOffset.Length], observationOffset));
            arrays.Add(Npz.Named.Floats("obs_scale", [observationScale.Length], observationScale));
        }
        arrays.Add(Npz.Named.Longs("generation", [], [generation]));
        arrays.Add(Npz.Named.Text("task", task));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Npz.WriteArrays(arrays, path);
    }

    /// <summary>The <c>flat</c> parameter vector of policy.npz.</summary>
    public float[] Read()
    {
        if (!File.Exists(run.PolicyFile)) throw new HadesUserException($"no policy file in {run.Path} (policy.npz is written by direct-ES runs)");
        var flat = Npz.Read(run.PolicyFile)["flat"];
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(flat.Data).ToArray();
    }
}
