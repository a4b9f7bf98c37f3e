using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Datasets;
using Hades.Core.Rendering;
using Hades.Core.Random;
using TorchSharp;
using static TorchSharp.torch;

using Hades.Core.Torch;

namespace Hades.Core.DataFree.Images;

/// <summary>
/// Data-free distillation of a Fashion-MNIST LeNet-5 teacher into a LeNet-5-half student (tasks <c>fashion-mnist</c>
/// and <c>fashion-mnist-coarse</c>), with Adam students and generators on flat parameter vectors and one student
/// step per unit of <see cref="DistilConfig.Steps"/>. How each step's batch is made is the method's job, one class
/// each under <c>Methods/</c> (<see cref="ImageMethods"/>: gas, dafl, dfad, zskt, kd-real); this class runs what
/// they share: the student step (KL student losses use <c>kd_temperature</c> τ: KL(softmax(T/τ) ‖ softmax(S/τ))·τ²),
/// scoring, mode coverage and outputs.
/// </summary>
public sealed class ImageDistilJob : IDistilJob
{
    public static IReadOnlyList<string> Methods => ImageMethods.Names;

    const double CoverageShare = 0.05;

    public DistilConfig Config { get; }
    public ImageTeacher Teacher { get; }
    public LeNetLayout Student { get; }
    public GeneratorLayout Generator => method.Generator;
    readonly Tensor teacherTheta;
    readonly ImageDistilParts parts;
    readonly ImageMethod method;
    readonly int classes;
    readonly bool coarse;
    readonly Lazy<ImageTeacher>? fine;

    /// <param name="method">Builds the method instead of the registry entry named by the config (a seam for tests that
    /// check the training-split counter catches a method that reads it); null = <see cref="ImageMethods.Registry"/>.</param>
    public ImageDistilJob(DistilConfig config, Action<string>? progress = null, Func<ImageDistilParts, ImageMethod>? method = null)
    {
        config.Validate();
        if (!DistilJobs.IsImageTask(config.Task)) throw new HadesUserException($"{config.Task} is not an image task");
        if (method is null && !ImageMethods.Registry.Contains(config.Method)) throw new HadesUserException(ImageMethods.Unknown(config.Method, Methods));
        Config = config;
        coarse = ImageData.IsCoarse(config.Task);
        classes = ImageData.Classes(config.Task);
        Student = LeNetLayout.Create(config.Student is "" ? "lenet5-half" : config.Student, classes);
        if (Student.Name == "lenet5") throw new HadesUserException("the student must be lenet5-half or lenet5-half-dafl");
        Teacher = ImageTeacher.LoadOrTrain(config.Task, config.Teacher ?? ImageTeacher.DefaultDirectory(config.Task),
            trainIfMissing: config.Teacher is null, progress);
        if (Teacher.Layout.Classes != classes) throw new HadesUserException($"the teacher has {Teacher.Layout.Classes} classes, the task {classes}");
        teacherTheta = TensorArrays.FromArray(Teacher.Parameters, Teacher.Parameters.Length);
        parts = new ImageDistilParts(config, Teacher, teacherTheta, Student, classes, training);
        this.method = method?.Invoke(parts) ?? ImageMethods.Registry.Create(config.Method, parts, ImageMethods.Unknown);
        if (coarse)
            fine = new Lazy<ImageTeacher>(() => ImageTeacher.LoadOrTrain("fashion-mnist",
                config.FineClassifier ?? ImageTeacher.DefaultDirectory("fashion-mnist"), config.FineClassifier is null, progress));
    }

    public DistilState Initial()
    {
        int s = Student.Count, g = Generator.Count;
        return new DistilState(0,
        [
            Npz.Named.Floats("student", [s], Student.Initialise(CounterRng.Key(Config.Seed, ImageRngLabels.StudentInit))),
            Npz.Named.Floats("student_m", [s], new float[s]),
            Npz.Named.Floats("student_v", [s], new float[s]),
            Npz.Named.Floats("generator", [g], Generator.Initialise(CounterRng.Key(Config.Seed, ImageRngLabels.GeneratorInit, 0))),
            Npz.Named.Floats("generator_m", [g], new float[g]),
            Npz.Named.Floats("generator_v", [g], new float[g]),
            Npz.Named.Longs("generator_steps", [], [0]),
            BufferPixels([]),
            Npz.Named.Longs("buffer_labels", [0], []),
            Npz.Named.Longs(TrainingImagesReadArray, [], [0]),
            .. AverageArrays(Student.Initialise(CounterRng.Key(Config.Seed, ImageRngLabels.StudentInit))),
        ]);
    }

    /// <summary>State array (when <c>student_average</c> &gt; 0): the exponential moving average of the student's weights, which is scored.</summary>
    public const string StudentAverageArray = "student_average";

    Npz.Named[] AverageArrays(float[] average) =>
        Config.StudentAverage > 0 ? [Npz.Named.Floats(StudentAverageArray, [Student.Count], average)] : [];

    /// <summary>The weights that get scored: the weight average when the run keeps one, else the student's.</summary>
    float[] ScoredWeights(DistilState state) => state.Floats(Config.StudentAverage > 0 ? StudentAverageArray : "student");

    /// <summary>State array: real training images the student and generator have read so far (measured through the
    /// job's counting view of the training split; kept in the journalled state so a resumed run reports the whole
    /// run's count). States written before it existed read as 0.</summary>
    public const string TrainingImagesReadArray = "training_images_read";

    /// <summary>The only route from this job to the real training split (kd-real's batches and its coverage samples).</summary>
    readonly ImageData.TrainingSplit training = ImageData.OpenTraining();

    public static long TrainingImagesRead(DistilState state) =>
        state.Has(TrainingImagesReadArray) ? state.Longs(TrainingImagesReadArray)[0] : 0;

    static Npz.Named BufferPixels(byte[] pixels) =>
        new("buffer_pixels", "|u1", [pixels.Length / (ImageData.Side * ImageData.Side), 1, ImageData.Side, ImageData.Side], pixels);

    public DistilChunk Advance(DistilState state, int steps)
    {
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps));
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        using var advance = new ImageAdvance(state, parts, Generator);
        long readsBefore = training.ImagesRead;
        double lossSum = 0, agreementSum = 0;
        for (int s = state.Step; s < state.Step + steps; s++)
        {
            using var stepScope = torch.NewDisposeScope();
            using var rng = new Generator(CounterRng.Key(Config.Seed, ImageRngLabels.Step, (ulong)s));
            var x = ImageShift.Apply(method.StudentBatch(advance, s, rng), Config.ShiftAugment, rng);
            Tensor teacherLogits;
            using (torch.no_grad()) teacherLogits = Teacher.Layout.Logits(teacherTheta, x);
            var studentLogits = Student.Logits(advance.StudentTheta, x);
            var studentLoss = method.StudentLoss(advance, x, studentLogits, teacherLogits);
            advance.StudentUpdate(studentLoss, s);
            lossSum += studentLoss.item<float>();
            using (torch.no_grad())
                agreementSum += studentLogits.argmax(1).eq(teacherLogits.argmax(1)).to(ScalarType.Float64).mean().item<double>();
            method.AfterStudentStep(advance, s, rng);
        }
        var buffer = advance.Buffer;
        var next = new DistilState(state.Step + steps,
        [
            Npz.Named.Floats("student", [Student.Count], TensorArrays.ToArray(advance.StudentTheta)),
            Npz.Named.Floats("student_m", [Student.Count], TensorArrays.ToArray(advance.StudentM)),
            Npz.Named.Floats("student_v", [Student.Count], TensorArrays.ToArray(advance.StudentV)),
            Npz.Named.Floats("generator", [Generator.Count], TensorArrays.ToArray(advance.GeneratorTheta)),
            Npz.Named.Floats("generator_m", [Generator.Count], TensorArrays.ToArray(advance.GeneratorM)),
            Npz.Named.Floats("generator_v", [Generator.Count], TensorArrays.ToArray(advance.GeneratorV)),
            Npz.Named.Longs("generator_steps", [], [advance.GeneratorSteps]),
            BufferPixels(buffer.Pixels),
            Npz.Named.Longs("buffer_labels", [buffer.Count], buffer.Labels),
            Npz.Named.Longs(TrainingImagesReadArray, [], [TrainingImagesRead(state) + training.ImagesRead - readsBefore]),
            .. AverageArrays(advance.StudentAverage is null ? [] : TensorArrays.ToArray(advance.StudentAverage)),
        ]);
        return new DistilChunk(next, lossSum / steps, agreementSum / steps);
    }

    public DistilScore Evaluate(DistilState state, int episodes)
    {
        var test = Config.ScoreSplit == "selection" ? ImageData.Selection() : ImageData.Test();
        int n = episodes <= 0 ? test.Count : Math.Min(episodes, test.Count);
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        var images = test.Images.narrow(0, 0, n);
        var fineLabels = test.FineLabels.narrow(0, 0, n);
        var labels = test.Labels(Config.Task).narrow(0, 0, n);
        var theta = TensorArrays.FromArray(ScoredWeights(state), Student.Count);
        var correct = ImageTeacher.Predict(Student, theta, images).eq(labels);
        double accuracy = 100.0 * correct.to(ScalarType.Float64).mean().item<double>();
        var details = new Dictionary<string, double>
        {
            ["teacher_accuracy"] = Teacher.TestAccuracy,
            ["student_parameters"] = Student.Count,
            ["buffer_size"] = state.Longs("buffer_labels").Length,
            // sample standard deviation of per-image correctness, in percentage points (accuracy ± sd/√n is its se)
            ["accuracy_sd"] = n < 2 ? 0 : 100.0 * Math.Sqrt(accuracy / 100 * (1 - accuracy / 100) * n / (n - 1)),
            ["training_images_read"] = TrainingImagesRead(state),
        };
        var names = ImageData.ClassNames(Config.Task);
        for (int c = 0; c < classes; c++) details[$"class_accuracy/{names[c]}"] = MaskedMean(correct, labels.eq(c));
        if (coarse)
        {
            for (int f = 0; f < Hades.Core.Vision.FashionMnist.Classes; f++)
                details[$"fine_accuracy/{Hades.Core.Vision.FashionMnist.ClassNames[f]}"] = MaskedMean(correct, fineLabels.eq(f));
            var coverage = Coverage(state);
            details["modes_covered"] = coverage.Covered.Sum();
            for (int c = 0; c < classes; c++) details[$"modes_covered/{names[c]}"] = coverage.Covered[c];
            details["fine_classifier_accuracy"] = fine!.Value.TestAccuracy;
        }
        return new DistilScore(Config.ScoreSplit == "selection" ? "selection_accuracy" : "test_accuracy", accuracy, details);
    }

    static double MaskedMean(Tensor correct, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        long count = mask.sum().item<long>();
        return count == 0 ? double.NaN : 100.0 * correct.logical_and(mask).sum().item<long>() / count;
    }

    /// <summary>Samples whose modes are counted: the buffer when it has any, else the method's samples (see
    /// <see cref="ImageMethod.CoverageSamples"/>). Normalised images and labels.</summary>
    (Tensor Images, Tensor Labels) CoverageSamples(DistilState state)
    {
        var labels = state.Longs("buffer_labels");
        if (labels.Length == 0) return method.CoverageSamples(state);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var bytes = torch.empty([labels.Length, 1, ImageData.Side, ImageData.Side], dtype: ScalarType.Byte);
        state.Get("buffer_pixels").Data.CopyTo(MemoryMarshal.Cast<byte, byte>(bytes.bytes));
        return (ImageData.Dequantise(bytes).MoveToOuterDisposeScope(), torch.tensor(labels).MoveToOuterDisposeScope());
    }

    /// <summary>Per coarse class, how many of the sample set's images the fine classifier puts in each fine class,
    /// and how many of the coarse class's own fine classes hold at least 5 % of them.</summary>
    (long[,] Counts, int[] Covered) Coverage(DistilState state)
    {
        using var threads = TorchThreads.Use(1);
        using var scope = torch.NewDisposeScope();
        var (images, labels) = CoverageSamples(state);
        var fineTeacher = fine!.Value;
        var fineTheta = TensorArrays.FromArray(fineTeacher.Parameters, fineTeacher.Parameters.Length);
        var finePredicted = ImageTeacher.Predict(fineTeacher.Layout, fineTheta, images).data<long>().ToArray();
        var coarseLabels = labels.data<long>().ToArray();
        int fineClasses = Hades.Core.Vision.FashionMnist.Classes;
        var counts = new long[classes, fineClasses];
        for (int i = 0; i < coarseLabels.Length; i++) counts[coarseLabels[i], finePredicted[i]]++;
        var covered = new int[classes];
        for (int c = 0; c < classes; c++)
        {
            long total = Enumerable.Range(0, fineClasses).Sum(f => counts[c, f]);
            covered[c] = Enumerable.Range(0, fineClasses)
                .Count(f => ImageData.CoarseOfFine[f] == c && total > 0 && counts[c, f] >= CoverageShare * total);
        }
        return (counts, covered);
    }

    public void WriteOutputs(DistilState state, string runDir)
    {
        Directory.CreateDirectory(runDir);
        Npz.WriteArrays(
        [
            Npz.Named.Floats("params", [Student.Count], ScoredWeights(state)),
            Npz.Named.Text("arch", Student.Name),
            Npz.Named.Text("task", Config.Task),
            Npz.Named.Longs("classes", [], [classes]),
        ], Path.Combine(runDir, "student.npz"));
        WriteSamples(state, Path.Combine(runDir, "samples.png"));
        if (coarse)
        {
            var (counts, covered) = Coverage(state);
            var csv = new StringBuilder("coarse_class,fine_class,samples,share,belongs,covered_fine_classes\n");
            for (int c = 0; c < classes; c++)
            {
                long total = Enumerable.Range(0, 10).Sum(f => counts[c, f]);
                for (int f = 0; f < 10; f++)
                    csv.Append(string.Create(CultureInfo.InvariantCulture,
                        $"{ImageData.CoarseNames[c]},{Hades.Core.Vision.FashionMnist.ClassNames[f]},{counts[c, f]},{(total == 0 ? 0 : (double)counts[c, f] / total):F4},{(ImageData.CoarseOfFine[f] == c ? 1 : 0)},{covered[c]}\n"));
            }
            Storage.AtomicFile.WriteAllText(Path.Combine(runDir, "modes.csv"), csv.ToString());
        }
    }

    /// <summary>Up to 12 samples per class, evenly spaced over the coverage sample set (buffer, generator or real images), as a grid.</summary>
    void WriteSamples(DistilState state, string path)
    {
        const int perClass = 12;
        using var scope = torch.NewDisposeScope();
        var (images, labels) = CoverageSamples(state);
        var pixels = TensorArrays.ToArray(ImageData.Pixels(images));
        var labelArray = labels.data<long>().ToArray();
        int size = ImageData.Side * ImageData.Side;
        var grid = new float[classes * perClass * size];
        Array.Fill(grid, float.NaN);
        for (int c = 0; c < classes; c++)
        {
            // evenly spaced over the class's samples (the buffer holds them in harvest order: one column per stretch of rounds)
            var members = Enumerable.Range(0, labelArray.Length).Where(i => labelArray[i] == c).ToArray();
            int shown = Math.Min(perClass, members.Length);
            for (int j = 0; j < shown; j++)
                Array.Copy(pixels, members[(int)((long)j * members.Length / shown)] * size, grid, (c * perClass + j) * size, size);
        }
        string title = $"{Config.Method} {Config.Task} step {state.Step}" + (state.Longs("buffer_labels").Length > 0 ? " (buffer)" : "");
        using var picture = ImageGridPicture.Draw(grid, classes, perClass, ImageData.ClassNames(Config.Task), 2, title);
        picture.SavePng(path);
    }

    public void Dispose() => teacherTheta.Dispose();
}
