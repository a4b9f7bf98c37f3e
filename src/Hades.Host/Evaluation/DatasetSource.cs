using Hades.Core.Datasets;
using Hades.Core.BehaviourDistillation;
using Hades.Core.Runs;

namespace Hades.Host.Evaluation;

/// <summary>A dataset named on the command line: a run dir (its dataset.json and config.json) or a bare dataset
/// file (with the inner-loop settings of its task's quick preset, the settings `hades run --task T` trains with
/// and `hades eval --help` prints as defaults for the default task).</summary>
public sealed record DatasetSource(SyntheticDataset Dataset, HadesConfig Config, RunDirectory? Run, string Folder)
{
    public static DatasetSource Open(string target)
    {
        if (File.Exists(target))
        {
            var dataset = DatasetJson.Read(target);
            var config = TaskPresets.For(dataset.Task) with { DatasetSize = dataset.Size, Labels = dataset.LabelLogits is null ? Hades.Core.Datasets.LabelMode.Fixed : Hades.Core.Datasets.LabelMode.Learned };
            return new DatasetSource(dataset, config, null, Path.GetDirectoryName(Path.GetFullPath(target))!);
        }
        var run = new RunDirectory(target);
        var runConfig = run.ReadConfig();
        return new DatasetSource(DatasetJson.Read(run.DatasetFile), runConfig, run, run.Path);
    }
}
