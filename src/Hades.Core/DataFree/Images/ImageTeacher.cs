using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Datasets;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// A frozen image teacher: a <see cref="LeNetLayout"/> with its flat parameters and its test accuracy. A teacher dir
/// holds <c>teacher.npz</c> (<c>params</c> float32, <c>arch</c>, <c>task</c>, <c>classes</c>, <c>test_accuracy</c>) and
/// <c>teacher.json</c> (the same facts for people). Trained on the real training split (fine or coarse labels);
/// the default dir of a task is <c>runs/teachers/&lt;task&gt;</c>.
/// </summary>
public sealed record ImageTeacher(string Task, LeNetLayout Layout, float[] Parameters, double TestAccuracy)
{
    public const string FileName = "teacher.npz";
    public const int DefaultEpochs = 15, DefaultBatch = 128;
    public const double DefaultLearningRate = 1e-3;

    public static string DefaultDirectory(string task) => Path.Combine(DistilJobs.DefaultTeacherRoot, task);

    public static bool Exists(string dir) => File.Exists(Path.Combine(dir, FileName));

    /// <summary>The teacher in <paramref name="dir"/>; when it has none and <paramref name="trainIfMissing"/>, trains one there first.</summary>
    public static ImageTeacher LoadOrTrain(string task, string dir, bool trainIfMissing, Action<string>? progress)
    {
        if (Exists(dir)) return Load(dir, task);
        if (!trainIfMissing)
            throw new HadesUserException($"{dir} holds no {FileName} (a teacher dir of task {task} is needed)");
        progress?.Invoke($"training the {task} teacher (LeNet-5 on the real training split) in {dir}");
        var teacher = Train(task, seed: 0, epochs: DefaultEpochs, trainCount: 0, progress);
        teacher.Save(dir);
        return teacher;
    }

    public static ImageTeacher Load(string dir, string? expectedTask = null)
    {
        try { return Read(dir, expectedTask); }
        catch (KeyNotFoundException) { throw new HadesUserException($"{Path.Combine(dir, FileName)}: not a teacher file (arrays missing)"); }
    }

    static ImageTeacher Read(string dir, string? expectedTask)
    {
        var arrays = Npz.Read(Path.Combine(dir, FileName));
        string Text(string name) => System.Text.Encoding.UTF32.GetString(arrays[name].Data).TrimEnd('\0');
        string task = Text("task"), arch = Text("arch");
        if (expectedTask is not null && task != expectedTask)
            throw new HadesUserException($"{dir}: the teacher is for task {task}, not {expectedTask}");
        int classes = (int)MemoryMarshal.Cast<byte, long>(arrays["classes"].Data)[0];
        var layout = LeNetLayout.Create(arch, classes);
        var parameters = MemoryMarshal.Cast<byte, float>(arrays["params"].Data).ToArray();
        if (parameters.Length != layout.Count)
            throw new HadesUserException($"{dir}: {parameters.Length} parameters, but {arch} has {layout.Count}");
        double accuracy = MemoryMarshal.Cast<byte, float>(arrays["test_accuracy"].Data)[0];
        return new ImageTeacher(task, layout, parameters, accuracy);
    }

    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        Npz.WriteArrays(
        [
            Npz.Named.Floats("params", [Parameters.Length], Parameters),
            Npz.Named.Text("arch", Layout.Name),
            Npz.Named.Text("task", Task),
            Npz.Named.Longs("classes", [], [Layout.Classes]),
            Npz.Named.Floats("test_accuracy", [], [(float)TestAccuracy]),
        ], Path.Combine(dir, FileName));
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["task"] = Task, ["arch"] = Layout.Name, ["parameters"] = Layout.Count, ["classes"] = Layout.Classes,
            ["test_accuracy"] = Math.Round(TestAccuracy, 2),
            ["input"] = "28x28 padded by 2 to 32x32, normalised (x - 0.2860) / 0.3530",
        }, Storage.JsonDefaults.Indented);
        Storage.AtomicFile.WriteAllText(Path.Combine(dir, "teacher.json"), json + "\n");
    }

    /// <summary>
    /// Trains a LeNet-5 on the real training split (the first <paramref name="trainCount"/> images, all when 0) with
    /// Adam (lr 1e-3 with cosine decay to 0, batch 128) for <paramref name="epochs"/> epochs, shuffled by a generator keyed by the seed, on
    /// one torch thread; reports the test accuracy on the official 10k test split.
    /// </summary>
    public static ImageTeacher Train(string task, ulong seed, int epochs, int trainCount, Action<string>? progress,
        string arch = "lenet5")
    {
        var training = ImageData.OpenTraining();
        var test = ImageData.Test();
        var layout = LeNetLayout.Create(arch, ImageData.Classes(task));
        int n = trainCount <= 0 ? training.Count : Math.Min(trainCount, training.Count);
        using var threads = TorchThreads.Use(1);
        using var theta = TensorArrays.FromArray(layout.Initialise(CounterRng.Key(seed, 0x54454143UL)), layout.Count).requires_grad_(true);
        using var m = torch.zeros(layout.Count);
        using var v = torch.zeros(layout.Count);
        using var generator = new Generator(CounterRng.Key(seed, 0x53485546UL));
        var (images, labels) = training.Head(n, task);
        long step = 0, totalSteps = (long)epochs * Math.Max(1, n / DefaultBatch);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var permutation = torch.randperm(n, generator: generator);
            double total = 0;
            int batches = 0;
            for (int start = 0; start + DefaultBatch <= n || (start < n && batches == 0); start += DefaultBatch)
            {
                using var scope = torch.NewDisposeScope();
                var index = permutation.narrow(0, start, Math.Min(DefaultBatch, n - start));
                var loss = torch.nn.functional.cross_entropy(layout.Logits(theta, images.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                double lr = DefaultLearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, (double)step / totalSteps)));
                FlatAdam.Step(theta, theta.grad!, m, v, ++step, lr, 1e-8, 1e9);
                theta.grad!.zero_();
                total += loss.item<float>();
                batches++;
            }
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"teacher {task} epoch {epoch + 1}/{epochs}: train loss {total / batches:F4}"));
        }
        var parameters = TensorArrays.ToArray(theta);
        double accuracy = Accuracy(layout, parameters, test.Images, test.Labels(task));
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"teacher {task}: test accuracy {accuracy:F2} %"));
        return new ImageTeacher(task, layout, parameters, accuracy);
    }

    /// <summary>Predicted labels of <paramref name="images"/> (batches of 1,000, no gradients).</summary>
    public static Tensor Predict(LeNetLayout layout, Tensor theta, Tensor images)
    {
        using var noGrad = torch.no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 1000)
        {
            using var logits = layout.Logits(theta, images.narrow(0, start, Math.Min(1000, images.shape[0] - start)));
            parts.Add(logits.argmax(1));
        }
        var all = torch.cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>Accuracy in % of a network on labelled images.</summary>
    public static double Accuracy(LeNetLayout layout, float[] parameters, Tensor images, Tensor labels)
    {
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        var theta = TensorArrays.FromArray(parameters, parameters.Length);
        var predicted = Predict(layout, theta, images);
        return 100.0 * predicted.eq(labels).to(ScalarType.Float64).mean().item<double>();
    }
}
