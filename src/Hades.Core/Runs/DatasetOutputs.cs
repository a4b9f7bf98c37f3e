using Hades.Core.Datasets;

namespace Hades.Core.Runs;

/// <summary>Writes a run's datasets: dataset.json with its NumPy twin dataset.npz, and the best dataset so far.</summary>
public sealed class DatasetOutputs(RunPaths run)
{
    /// <summary>dataset.json and its NumPy twin dataset.npz.</summary>
    public void Write(SyntheticDataset dataset, int generation)
    {
        Storage.AtomicFile.WriteAllText(run.DatasetFile, DatasetJson.Write(dataset, new Dictionary<string, object> { ["generation"] = generation }));
        Npz.Write(dataset, run.DatasetNpzFile);
    }

    /// <summary>best-dataset.json and best-dataset.npz: the dataset with the generation and eval return it came from
    /// (JSON keys and npz arrays <c>generation</c>, <c>eval_return</c>).</summary>
    public void WriteBest(SyntheticDataset dataset, int generation, float evalReturn)
    {
        Storage.AtomicFile.WriteAllText(run.BestDatasetFile, DatasetJson.Write(dataset, new Dictionary<string, object> { ["generation"] = generation, ["eval_return"] = evalReturn }));
        Npz.Write(dataset, run.BestDatasetNpzFile, [Npz.Named.Longs("generation", [], [generation]), Npz.Named.Floats("eval_return", [], [evalReturn])]);
    }
}
