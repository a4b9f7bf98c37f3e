using Hades.Core.DataFree;
using Hades.Core.DataFree.Images;
using Hades.Tests.Core.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.DataFree.Images;

/// <summary>Small teachers (four epochs on the first 5,000 training images) shared by the tests of this class.</summary>
public sealed class SmallImageTeachers : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"hades-df-images-{Guid.NewGuid():N}");
    public string Fine => Path.Combine(Root, "fashion-mnist");
    public string Coarse => Path.Combine(Root, "fashion-mnist-coarse");
    readonly Lazy<bool> trained;

    public SmallImageTeachers() => trained = new Lazy<bool>(() =>
    {
        ImageTeacher.Train("fashion-mnist", seed: 1, epochs: 4, trainCount: 5000, progress: null).Save(Fine);
        ImageTeacher.Train("fashion-mnist-coarse", seed: 1, epochs: 4, trainCount: 5000, progress: null).Save(Coarse);
        return true;
    });

    public void Ensure() => _ = trained.Value;

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

public class ImageDistilTests(SmallImageTeachers teachers) : IClassFixture<SmallImageTeachers>
{
    DistilConfig Tiny(string method, string task = "fashion-mnist") => new()
    {
        Task = task, Method = method, Seed = 7, Student = "lenet5-half",
        Teacher = task == "fashion-mnist" ? teachers.Fine : teachers.Coarse, FineClassifier = teachers.Fine,
        Steps = 12, ChunkSteps = 4, BatchSize = 16, LatentSize = 8, GeneratorChannels = 8,
        StudentStepsPerGeneratorStep = 3, Restarts = 3, HarvestRounds = 4, ExemplarsPerClass = 4,
        ConfidenceThreshold = 0, BufferCapacity = 40,
    };

    [Fact]
    public void Lenet_layouts_have_the_published_parameter_counts()
    {
        Assert.Equal(61_706, LeNetLayout.Create("lenet5", 10).Count);
        Assert.Equal(35_820, LeNetLayout.Create("lenet5-half", 10).Count);
        Assert.Equal(15_738, LeNetLayout.Create("lenet5-half-dafl", 10).Count);
        var layout = LeNetLayout.Create("lenet5-half", 10);
        Assert.Equal(layout.Count, layout.Initialise(1).Length);
        Assert.Throws<Hades.Core.HadesUserException>(() => LeNetLayout.Create("alexnet", 10));
    }

    [Fact]
    public void Teacher_and_generator_forward_shapes()
    {
        var layout = LeNetLayout.Create("lenet5", 3);
        using var theta = torch.tensor(layout.Initialise(2));
        using var x = torch.randn(5, 1, 32, 32);
        var (logits, features) = layout.Forward(theta, x);
        Assert.Equal(new long[] { 5, 3 }, logits.shape);
        Assert.Equal(new long[] { 5, 120 }, features.shape);
        logits.Dispose(); features.Dispose();

        var generator = new GeneratorLayout(Latent: 10, Conditions: 3, W1: 8, W2: 4);
        var g = generator.Initialise(3);
        Assert.Equal(generator.Count, g.Length);
        using var gt = torch.tensor(g);
        using var input = torch.randn(6, 13);
        using var images = generator.Forward(gt, input);
        Assert.Equal(new long[] { 6, 1, 32, 32 }, images.shape);
        // the last BatchNorm (no affine) normalises each batch: mean 0, variance 1
        Assert.Equal(0, images.mean().item<float>(), 3);
        Assert.Equal(1, images.var(unbiased: false).item<float>(), 2);
    }

    [FashionMnistTheory]
    [InlineData("gas")]
    [InlineData("dafl")]
    [InlineData("dfad")]
    [InlineData("zskt")]
    [InlineData("kd-real")]
    [InlineData("gas", true)]
    [InlineData("zskt", true)]
    [Trait("Category", "slow")]
    public void Advance_in_two_chunks_equals_one_advance_bitwise(string method, bool levers = false)
    {
        teachers.Ensure();
        var config = Tiny(method);
        // the issue-20 levers: pixel-prior generator, shifts, cosine lr, weight average (kept in the state), attention
        if (levers) config = config with { PixelPrior = true, ShiftAugment = 2, StudentLrDecay = true, StudentAverage = 0.9, AttentionWeight = 250 };
        using var job = DistilJobs.Create(config);
        var start = job.Initial();
        var whole = job.Advance(start, 12).Next;
        var first = job.Advance(start, 5).Next;
        var split = job.Advance(DistilState.FromBytes(first.ToBytes()), 7).Next;
        Assert.Equal(12, whole.Step);
        Assert.Equal(whole.Step, split.Step);
        Assert.Equal(whole.Arrays.Select(a => a.Name), split.Arrays.Select(a => a.Name));
        foreach (var a in whole.Arrays) Assert.Equal(a.Data, split.Get(a.Name).Data);
        Assert.NotEqual(start.Get("student").Data, whole.Get("student").Data);
        if (method == "gas") Assert.NotEmpty(whole.Longs("buffer_labels"));
    }

    [FashionMnistTheory]
    [InlineData("gas")]
    [InlineData("dafl")]
    [InlineData("dfad")]
    [InlineData("zskt")]
    [InlineData("kd-real")]
    public void Only_kd_real_reads_real_training_images_and_the_count_survives_a_journal_round_trip(string method)
    {
        teachers.Ensure();
        using var job = DistilJobs.Create(Tiny(method));
        var first = job.Advance(job.Initial(), 5).Next;
        var state = job.Advance(DistilState.FromBytes(first.ToBytes()), 7).Next;
        var score = job.Evaluate(state, 200);
        if (method != "kd-real") AssertNoTrainingImagesRead(state, score);
        else
        {
            Assert.Equal(12L * Tiny(method).BatchSize, ImageDistilJob.TrainingImagesRead(state));
            Assert.Equal(12L * Tiny(method).BatchSize, (long)score.Details["training_images_read"]);
        }
    }

    /// <summary>The measured guarantee of a data-free image method: the job counted no real training image, in the
    /// journalled state and in the score.</summary>
    static void AssertNoTrainingImagesRead(DistilState state, DistilScore score)
    {
        Assert.True(ImageDistilJob.TrainingImagesRead(state) == 0, $"{ImageDistilJob.TrainingImagesRead(state)} training images read (state)");
        Assert.True(score.Details["training_images_read"] == 0, $"{score.Details["training_images_read"]} training images read (score)");
    }

    /// <summary>A test-only method that cheats: DFAD-like generator batches, but at every 4th student step it reads
    /// 3 real training images through the job's training split and puts them into the batch.</summary>
    sealed class PeekingImageMethod(ImageDistilParts parts) : ImageMethod(parts, conditional: false)
    {
        public override Tensor StudentBatch(ImageAdvance advance, int step, Generator rng)
        {
            Tensor fake;
            using (no_grad()) fake = advance.Generate(Latent(rng));
            if (step % 4 != 0) return fake;
            var (real, _) = Parts.Training.Rows(arange(3L), Config.Task);
            return cat([real, fake.narrow(0, 3, fake.shape[0] - 3)], 0);
        }
    }

    [FashionMnistFact]
    public void Measured_guarantee_catches_a_method_that_reads_the_training_split()
    {
        teachers.Ensure();
        using var job = new ImageDistilJob(Tiny("dfad"), method: parts => new PeekingImageMethod(parts));
        var first = job.Advance(job.Initial(), 5).Next; // reads at steps 0 and 4
        var state = job.Advance(DistilState.FromBytes(first.ToBytes()), 7).Next; // and 8
        var score = job.Evaluate(state, 200);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoTrainingImagesRead(state, score));
        Assert.Equal(9, ImageDistilJob.TrainingImagesRead(state));
        Assert.Equal(9, score.Details["training_images_read"]);
    }

    [FashionMnistFact]
    public void Buffer_stays_within_its_capacity_with_an_equal_share_per_class()
    {
        teachers.Ensure();
        using var job = DistilJobs.Create(Tiny("gas") with { Steps = 8, HarvestRounds = 8, ExemplarsPerClass = 6, BufferCapacity = 30 });
        var state = job.Advance(job.Initial(), 8).Next;
        var labels = state.Longs("buffer_labels");
        // 8 harvests of 6 samples per class (60, labelled by the teacher), at most 3 per class kept
        Assert.InRange(labels.Length, 3, 30);
        var perClass = Enumerable.Range(0, 10).Select(c => labels.Count(l => l == c)).ToArray();
        Assert.All(perClass, n => Assert.InRange(n, 0, 3));
        Assert.Equal(3, perClass.Max());
        Assert.Equal(labels.Length * 32 * 32, state.Get("buffer_pixels").Data.Length);
        Assert.Equal("|u1", state.Get("buffer_pixels").Descr);
    }

    [FashionMnistFact]
    [Trait("Category", "slow")]
    public void A_short_gas_run_raises_test_accuracy_far_above_the_untrained_student()
    {
        teachers.Ensure();
        var config = Tiny("gas") with { Steps = 150, BatchSize = 64, GeneratorChannels = 16, LatentSize = 32,
            StudentStepsPerGeneratorStep = 1, Restarts = 3, HarvestRounds = 3, ExemplarsPerClass = 20, ConfidenceThreshold = 0.5,
            BufferCapacity = 600, StudentLearningRate = 3e-3, GeneratorLearningRate = 1e-2 };
        using var job = DistilJobs.Create(config);
        var start = job.Initial();
        double before = job.Evaluate(start, 1000).Value;
        var end = job.Advance(start, config.Steps).Next;
        var score = job.Evaluate(end, 1000);
        Assert.True(score.Value > before + 20, $"test accuracy {before:F1} % → {score.Value:F1} %");
        Assert.Equal("test_accuracy", score.Metric);
        Assert.True(score.Details["teacher_accuracy"] > 60, $"teacher {score.Details["teacher_accuracy"]:F1} %");
        Assert.Contains("class_accuracy/Sneaker", score.Details.Keys);
    }

    [FashionMnistFact]
    [Trait("Category", "slow")]
    public void Kd_on_real_images_beats_chance_and_writes_outputs()
    {
        teachers.Ensure();
        var config = Tiny("kd-real") with { Steps = 100, BatchSize = 64, StudentLearningRate = 3e-3 };
        using var job = DistilJobs.Create(config);
        var end = job.Advance(job.Initial(), config.Steps);
        Assert.True(end.Agreement > 0.3, $"agreement {end.Agreement:F2}");
        var score = job.Evaluate(end.Next, 1000);
        Assert.True(score.Value > 50, $"test accuracy {score.Value:F1} %");
        string dir = Path.Combine(teachers.Root, "kd-run");
        job.WriteOutputs(end.Next, dir);
        Assert.True(new FileInfo(Path.Combine(dir, "samples.png")).Length > 100);
        var student = Hades.Core.Datasets.Npz.Read(Path.Combine(dir, "student.npz"));
        Assert.Equal(new[] { 35_820 }, student["params"].Shape);
    }

    [FashionMnistFact]
    public void Coarse_task_merges_classes_and_reports_fine_accuracy_and_mode_coverage()
    {
        Assert.Equal([0, 2, 0, 0, 0, 1, 0, 1, 2, 1], ImageData.CoarseOfFine);
        teachers.Ensure();
        var test = ImageData.Test();
        var fine = test.FineLabels.narrow(0, 0, 200).data<long>().ToArray();
        var coarse = test.Labels("fashion-mnist-coarse").narrow(0, 0, 200).data<long>().ToArray();
        Assert.Equal(fine.Select(f => (long)ImageData.CoarseOfFine[(int)f]), coarse);

        using var job = DistilJobs.Create(Tiny("gas", "fashion-mnist-coarse") with { Steps = 8, HarvestRounds = 4, ExemplarsPerClass = 30, BufferCapacity = 90 });
        var state = job.Advance(job.Initial(), 8).Next;
        var score = job.Evaluate(state, 500);
        Assert.Equal(score.Value, job.Evaluate(state, 500).Value);   // a second evaluation sees the same cached labels
        Assert.Contains("fine_accuracy/Ankle boot", score.Details.Keys);
        Assert.Equal(3, score.Details.Keys.Count(k => k.StartsWith("class_accuracy/")));
        Assert.Contains("modes_covered/footwear", score.Details.Keys);
        string dir = Path.Combine(teachers.Root, "coarse-run");
        job.WriteOutputs(state, dir);
        var rows = File.ReadAllLines(Path.Combine(dir, "modes.csv"));
        Assert.Equal(1 + 3 * 10, rows.Length);
    }

    [Fact]
    public void Unknown_methods_and_students_are_user_errors()
    {
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "fashion-mnist", Method = "uniform", Teacher = "/nonexistent" }));
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "fashion-mnist", Method = "gas", Student = "lenet5", Teacher = "/nonexistent" }));
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "fashion-mnist", Method = "gas", Teacher = "/nonexistent" }));
    }

    [Fact]
    public void Image_fields_of_the_config_round_trip_through_snake_case_json_and_are_validated()
    {
        var config = new DistilConfig { Task = "fashion-mnist", GeneratorChannels = 16, HarvestRounds = 4, BufferCapacity = 500,
            KdTemperature = 8, FineClassifier = "runs/teachers/x" };
        string json = config.ToJson();
        foreach (var field in new[] { "\"generator_channels\": 16", "\"harvest_rounds\": 4", "\"buffer_capacity\": 500", "\"kd_temperature\": 8", "\"fine_classifier\"" })
            Assert.Contains(field, json);
        Assert.Equal(config, DistilConfig.FromJson(json, "test"));
        Assert.Throws<Hades.Core.HadesUserException>(() => (config with { KdTemperature = 0 }).Validate());
        Assert.Throws<Hades.Core.HadesUserException>(() => (config with { BufferCapacity = 0 }).Validate());
        Assert.Throws<Hades.Core.HadesUserException>(() => (config with { HarvestRounds = 0 }).Validate());
        Assert.Throws<Hades.Core.HadesUserException>(() => (config with { GeneratorChannels = 1 }).Validate());
    }
}
