using Hades.Core.DataFree;
using Hades.Core.DataFree.Images;
using Hades.Core.DataFree.Images.Methods;
using Hades.Core.Torch;
using Hades.Tests.Core.Vision;
using TorchSharp;

namespace Hades.Tests.Core.DataFree.Images;

/// <summary>The one reconstruction (harvest count, soft-label exemplars whatever the teacher's confidence) and the
/// image levers: [0, 1] pixel generator with a black border, shift augmentation, cosine student lr, weight average,
/// ZSKT's attention term, the selection split.</summary>
public class ImageReconstructionTests(SmallImageTeachers teachers) : IClassFixture<SmallImageTeachers>
{
    DistilConfig Tiny(string method) => new()
    {
        Task = "fashion-mnist", Method = method, Seed = 3, Student = "lenet5-half", Teacher = teachers.Fine,
        Steps = 12, ChunkSteps = 12, BatchSize = 16, LatentSize = 8, GeneratorChannels = 8,
        StudentStepsPerGeneratorStep = 2, Restarts = 3, HarvestRounds = 4, ExemplarsPerClass = 3,
        ConfidenceThreshold = 0, BufferCapacity = 10_000,
    };

    [FashionMnistFact]
    public void Gas_harvests_exactly_harvest_rounds_times_and_keeps_every_exemplar_under_the_teachers_label()
    {
        teachers.Ensure();
        foreach (var (steps, rounds) in new[] { (12, 4), (10, 3), (8, 8) })
        {
            var config = Tiny("gas") with { Steps = steps, HarvestRounds = rounds };
            using var job = new ImageDistilJob(config);
            var state = job.Advance(job.Initial(), steps).Next;
            var labels = state.Longs("buffer_labels");
            // τ = 0 and a cap above every class's share: each harvest adds all its M · classes samples
            Assert.Equal(rounds * config.ExemplarsPerClass * 10, labels.Length);
            var bytes = torch.empty([labels.Length, 1, 32, 32], dtype: torch.ScalarType.Byte);
            state.Get("buffer_pixels").Data.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, byte>(bytes.bytes));
            var predicted = job.Teacher.Layout.Logits(torch.tensor(job.Teacher.Parameters), ImageData.Dequantise(bytes)).argmax(1).data<long>().ToArray();
            Assert.Equal(predicted, labels);
        }
        Assert.True(GasImageMethod.HarvestsAfter(Tiny("gas") with { Steps = 10, HarvestRounds = 3 }, 9), "the final generator is harvested");
    }

    [FashionMnistFact]
    public void A_confidence_threshold_keeps_fewer_exemplars_than_none()
    {
        teachers.Ensure();
        long Kept(double threshold)
        {
            using var job = new ImageDistilJob(Tiny("gas") with { ConfidenceThreshold = threshold });
            return job.Advance(job.Initial(), 12).Next.Longs("buffer_labels").Length;
        }
        Assert.True(Kept(0.99) < Kept(0), "τ = 0.99 should drop some of the 120 harvested samples");
    }

    [Fact]
    public void The_pixel_generator_draws_0_to_1_images_with_a_black_border()
    {
        var generator = new GeneratorLayout(Latent: 10, Conditions: 0, W1: 8, W2: 4, Pixels: true);
        using var theta = torch.tensor(generator.Initialise(4));
        using var input = torch.randn(6, 10);
        using var images = generator.Forward(theta, input);
        using var pixels = ImageData.Pixels(images);
        Assert.InRange(pixels.min().item<float>(), -1e-5f, 1e-5f);              // the border is black
        Assert.True(pixels.max().item<float>() <= 1 + 1e-5f);
        Assert.Equal(0, pixels.narrow(3, 0, 2).abs().max().item<float>(), 5);
        Assert.Equal(0, pixels.narrow(2, 30, 2).abs().max().item<float>(), 5);
        Assert.True(pixels.narrow(2, 2, 28).narrow(3, 2, 28).min().item<float>() > 0, "sigmoid pixels inside the border");
    }

    [Fact]
    public void Shifts_roll_each_group_of_the_batch_and_zero_shift_is_the_identity()
    {
        using var x = torch.rand(16, 1, 32, 32);
        using var rng = new torch.Generator(5);
        Assert.Same(x, ImageShift.Apply(x, 0, rng));
        using var shifted = ImageShift.Apply(x, 2, rng);
        Assert.Equal(x.shape, shifted.shape);
        // a roll keeps every image's pixels (sums equal), and some image moved
        Assert.True(torch.allclose(x.sum([1, 2, 3]), shifted.sum([1, 2, 3]), 1e-4, 1e-4));
        Assert.False(x.allclose(shifted, 0, 0));
        for (int i = 0; i < 16; i += 2)
        {
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
                for (int dx = -2; dx <= 2 && !found; dx++)
                    found = x[i].roll([dy, dx], [1, 2]).allclose(shifted[i], 0, 0);
            Assert.True(found, $"image {i} is not a roll of at most 2 pixels");
        }
    }

    [Fact]
    public void The_cosine_student_lr_falls_from_the_set_rate_to_zero()
    {
        var c = new DistilConfig { Steps = 100, StudentLearningRate = 0.002, StudentLrDecay = true };
        Assert.Equal(0.002, ImageAdvance.StudentLearningRate(c, 0), 12);
        Assert.Equal(0.001, ImageAdvance.StudentLearningRate(c, 50), 12);
        Assert.Equal(0, ImageAdvance.StudentLearningRate(c, 100), 12);
        Assert.Equal(0.002, ImageAdvance.StudentLearningRate(c with { StudentLrDecay = false }, 50), 12);
    }

    [FashionMnistFact]
    public void The_scored_weights_are_the_moving_average_of_the_students()
    {
        teachers.Ensure();
        var config = Tiny("gas") with { StudentAverage = 0.9 };
        using var job = new ImageDistilJob(config);
        var start = job.Initial();
        var one = job.Advance(start, 1).Next;
        var expected = start.Floats("student").Zip(one.Floats("student"), (a, b) => 0.9f * a + 0.1f * b).ToArray();
        var average = one.Floats(ImageDistilJob.StudentAverageArray);
        for (int i = 0; i < expected.Length; i += 97) Assert.Equal(expected[i], average[i], 5);
        var two = job.Advance(DistilState.FromBytes(one.ToBytes()), 1).Next;
        Assert.Equal(two.Floats(ImageDistilJob.StudentAverageArray), job.Advance(start, 2).Next.Floats(ImageDistilJob.StudentAverageArray));
        // the score reads the average: a state whose average is the untrained student scores like the untrained student
        var swapped = new DistilState(two.Step, [.. two.Arrays.Where(a => a.Name != ImageDistilJob.StudentAverageArray),
            Hades.Core.Datasets.Npz.Named.Floats(ImageDistilJob.StudentAverageArray, [job.Student.Count], start.Floats("student"))]);
        Assert.Equal(job.Evaluate(start, 300).Value, job.Evaluate(swapped, 300).Value);
    }

    [FashionMnistFact]
    public void Zskt_attention_term_changes_the_student_update()
    {
        teachers.Ensure();
        float[] Student(double beta)
        {
            using var job = new ImageDistilJob(Tiny("zskt") with { AttentionWeight = beta, KdTemperature = 1 });
            return job.Advance(job.Initial(), 3).Next.Floats("student");
        }
        Assert.NotEqual(Student(0), Student(250));
    }

    [FashionMnistFact]
    public void The_selection_split_scores_without_the_test_split_and_without_counted_training_reads()
    {
        teachers.Ensure();
        using var test = new ImageDistilJob(Tiny("gas"));
        using var selection = new ImageDistilJob(Tiny("gas") with { ScoreSplit = "selection" });
        var state = selection.Advance(selection.Initial(), 4).Next;
        var s = selection.Evaluate(state, 0);
        Assert.Equal("selection_accuracy", s.Metric);
        Assert.Equal(0, s.Details["training_images_read"]);
        Assert.NotEqual(test.Evaluate(state, 0).Value, s.Value);
        var split = ImageData.Selection();
        Assert.Equal(ImageData.SelectionCount, split.Count);
        Assert.Throws<Hades.Core.HadesUserException>(() => (Tiny("gas") with { ScoreSplit = "train" }).Validate());
    }
}
