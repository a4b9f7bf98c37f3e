using Hades.Core.Datasets;

namespace Hades.Core.Runs;

/// <summary>Writes a run's pictures: dataset.png, fitness.png/.svg, the dataset as a TensorBoard image, and for image
/// tasks the evolution frames and evolution.gif.</summary>
public sealed class RunPictures(RunPaths run)
{
    /// <summary>dataset.png (every pair drawn with its label) and fitness.png (curves per generation).</summary>
    public void Write(SyntheticDataset dataset, IReadOnlyList<GenerationRecord> records)
    {
        using var picture = Rendering.DatasetPicture.Draw(dataset);
        Write(picture, dataset.Task, records);
    }

    /// <summary>dataset.png from a drawn picture, fitness.png, and the picture as a TensorBoard image.</summary>
    public void Write(Rendering.Picture picture, string task, IReadOnlyList<GenerationRecord> records)
    {
        picture.SavePng(run.DatasetPictureFile);
        WriteFitness(task, records);
        if (records.Count > 0) AppendTensorBoardImage("dataset", records[^1].Generation, picture.Width, picture.Height, File.ReadAllBytes(run.DatasetPictureFile));
    }

    /// <summary>fitness.png and the same plot as fitness.svg beside it.</summary>
    public void WriteFitness(string task, IReadOnlyList<GenerationRecord> records) =>
        Rendering.FitnessPlot.Save(records, $"{task}: fitness and eval return", run.FitnessPictureFile, run.FitnessSvgFile);

    /// <summary>
    /// Image tasks: every <paramref name="everyGenerations"/> generations keeps the images as evolution/gen-NNNN.npz
    /// and .png, and rebuilds evolution.gif (one frame per kept generation, oldest first).
    /// </summary>
    public void WriteEvolutionFrame(float[] images, int imagesPerClass, int generation, int everyGenerations)
    {
        if (generation % everyGenerations != 0) return;
        Directory.CreateDirectory(run.EvolutionFolder);
        int classes = Vision.FashionMnist.Classes, side = Vision.FashionMnist.Side;
        string stem = Path.Combine(run.EvolutionFolder, $"gen-{generation:D4}");
        Npz.WriteArrays([Npz.Named.Floats("images", [classes * imagesPerClass, side, side], images)], stem + ".npz");
        using (var picture = Rendering.ImageGridPicture.Draw(images, classes, imagesPerClass, Vision.FashionMnist.ClassNames))
            picture.SavePng(stem + ".png");
        var frames = Directory.GetFiles(run.EvolutionFolder, "gen-*.npz").Order(StringComparer.Ordinal)
            .Select(f => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Npz.Read(f)["images"].Data).ToArray())
            .Select(f => Rendering.ImageGridPicture.Draw(f, classes, imagesPerClass, Vision.FashionMnist.ClassNames)).ToList();
        Rendering.GifWriter.Save(frames, run.EvolutionGif);
        frames.ForEach(f => f.Dispose());
    }

    /// <summary>Appends one image to the images event file (created with its header on first use). A generation
    /// repeated after a crash appends the same step again, which TensorBoard shows as the later of the two.</summary>
    public void AppendTensorBoardImage(string tag, int step, int width, int height, byte[] png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(run.TensorBoardImagesFile)!);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        using var file = new FileStream(run.TensorBoardImagesFile, FileMode.Append, FileAccess.Write);
        if (file.Length == 0) file.Write(TensorBoardEvents.Header(now));
        file.Write(TensorBoardEvents.EncodeImage(new(tag, step, now, width, height, png)));
    }
}
