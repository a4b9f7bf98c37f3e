using System.CommandLine;
using Hades.Core;
using Hades.Core.Datasets;
using Hades.Core.Rendering;
using Hades.Host.Cli;

using Hades.Host.Evaluation;

namespace Hades.Host.Commands;

/// <summary>`hades export`: a dataset as NumPy .npz plus its picture, for existing runs or dataset files.</summary>
public sealed class ExportCommand : ICommand
{
    public string Name => "export";
    public string Summary => "write a dataset as .npz (NumPy/PyTorch) and .png";
    public string Description => """
        Writes dataset.npz (states float32 [D, obs], labels int64 [D], label_logits float32 [D, A] with learned
        labels, task) and dataset.png (every pair drawn with its label) into DIR (default: next to the dataset).
        Runs write both every generation already; this command serves older runs and copied dataset files.
        """;

    static readonly Argument<string[]> Target = Opt.Positionals("RUN_DIR|DATASET.json", "a run dir or a dataset file", max: 1);
    static readonly Option<string> Out = Opt.String("out", "DIR", "where to write (default: next to the dataset)");

    public void Declare(Command command)
    {
        command.Add(Target);
        command.Add(Out);
    }

    public Task<int> RunAsync(ParseResult a, CancellationToken cancel)
    {
        string target = a.ExpectPositionals(Name, 1, "a run dir or a dataset file")[0];
        string? outDir = a.ValueOrNull(Out);
        var source = DatasetSource.Open(target);
        string folder = outDir ?? source.Folder;
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new HadesUserException($"cannot write {folder}: {e.Message}"); }
        string npz = Path.Combine(folder, "dataset.npz"), png = Path.Combine(folder, "dataset.png");
        Npz.Write(source.Dataset, npz);
        using (var picture = DatasetPicture.Draw(source.Dataset)) picture.SavePng(png);
        System.Console.WriteLine($"wrote {npz} and {png}");
        return Task.FromResult(0);
    }
}
