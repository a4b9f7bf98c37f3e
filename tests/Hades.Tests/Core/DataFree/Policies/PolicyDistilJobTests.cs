using System.Runtime.InteropServices;
using Hades.Core.Baselines.Ppo;
using Hades.Core.DataFree;
using Hades.Core.DataFree.Policies;
using Hades.Core.Datasets;
using Hades.Core.Envs;
using Hades.Tests.Support;
using TorchSharp;

using Hades.Core.Torch;

namespace Hades.Tests.Core.DataFree.Policies;

/// <summary>A CartPole PPO teacher trained once for the class (the preset's 100k environment steps), through the
/// default-teacher path: a config without <c>teacher</c> and a teachers root with nothing in it yet.</summary>
public sealed class CartPoleTeacherFixture : IDisposable
{
    readonly TempDir dir = new();

    public CartPoleTeacherFixture()
    {
        Root = dir.Sub("teachers");
        Teacher = PolicyTeacher.Resolve(new DistilConfig { Task = "cartpole" }, Progress.Add, Root);
        RunDir = PolicyTeacher.DefaultDir("cartpole", Root);
    }

    public string Root { get; }
    public string RunDir { get; }
    public PpoActorNetwork Teacher { get; }
    public List<string> Progress { get; } = [];

    public void Dispose() => dir.Dispose();
}

/// <summary>Counts every use of the environments a job is given.</summary>
public sealed class EnvCounter
{
    public int Created, Resets;
    public long Steps;

    public Func<int, IVectorEnv> Wrap(Func<int, IVectorEnv> factory) => n =>
    {
        Interlocked.Increment(ref Created);
        return new Counting(factory(n), this);
    };

    sealed class Counting(IVectorEnv inner, EnvCounter counter) : IVectorEnv
    {
        public EnvSpec Spec => inner.Spec;
        public int Count => inner.Count;

        public void Reset(ReadOnlySpan<ulong> instanceKeys, Span<float> observations)
        {
            Interlocked.Increment(ref counter.Resets);
            inner.Reset(instanceKeys, observations);
        }

        public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<byte> done)
        {
            Interlocked.Increment(ref counter.Steps);
            inner.Step(actions, observations, rewards, done);
        }
    }
}

[Collection("ppo")]
public class PolicyDistilJobTests(CartPoleTeacherFixture fixture) : IClassFixture<CartPoleTeacherFixture>
{
    static DistilConfig Small(string method, string task = "cartpole") => new()
    {
        Task = task, Method = method, Seed = 3, Student = "32,32", Steps = 40, ChunkSteps = 20, BatchSize = 32,
        LatentSize = 8, Restarts = 4, ExemplarsPerClass = 64, ConfidenceThreshold = 0.6, StudentStepsPerGeneratorStep = 2,
    };

    PolicyDistilJob Job(DistilConfig config, EnvCounter? counter = null) =>
        new(config, fixture.Teacher, counter is null ? TaskRegistry.Factory(config.Task) : counter.Wrap(TaskRegistry.Factory(config.Task)));

    [Theory]
    [InlineData("gas")]
    [InlineData("dfad")]
    [InlineData("dafl")]
    [InlineData("uniform")]
    public void Data_free_distillation_never_creates_resets_or_steps_an_environment(string method)
    {
        var counter = new EnvCounter();
        using var job = Job(Small(method), counter);
        using var outputs = new TempDir();
        var state = job.Initial();
        state = job.Advance(state, 25).Next;
        state = job.Advance(DistilState.FromBytes(state.ToBytes()), 15).Next;
        job.WriteOutputs(state, outputs.Path);
        Assert.Equal(40, state.Step);
        Assert.Equal((0, 0, 0L), (counter.Created, counter.Resets, counter.Steps));

        var score = job.Evaluate(state, 3);
        Assert.True(counter.Steps > 0 && counter.Resets > 0, "scoring plays episodes in the environment");
        AssertNoMeasuredEnvironmentUse(score);
    }

    /// <summary>The measured guarantee: the job's own counters (over every environment its distillation used) are all 0.</summary>
    static void AssertNoMeasuredEnvironmentUse(DistilScore score)
    {
        foreach (string key in (string[])["distillation_env_steps", "distillation_env_step_calls", "distillation_env_resets", "distillation_envs_created"])
            Assert.True(score.Details[key] == 0, $"{key} = {score.Details[key]}");
    }

    /// <summary>A test-only method that cheats: uniform states like <c>uniform</c>, but at every 5th student step it
    /// resets one environment from the parts it was given and steps it once (a peek at a real transition).</summary>
    sealed class PeekingPolicyMethod(PolicyDistilParts parts) : PolicyMethod(parts)
    {
        public override PolicyChunk Begin(DistilState state) => new Chunk(Parts);

        public override float[] GeneratedSet(DistilState state, torch.Generator g) => TensorArrays.ToArray(Parts.Prior.SampleUniform(16, g));

        sealed class Chunk(PolicyDistilParts parts) : PolicyChunk
        {
            public override torch.Tensor StudentBatch(int step, torch.Generator g)
            {
                if (step % 5 == 0)
                {
                    var env = parts.DistillationEnvironments(1);
                    var obs = new float[env.Spec.ObservationSize];
                    env.Reset([(ulong)step], obs);
                    env.Step([0f], obs, new float[1], new byte[1]);
                }
                return parts.Prior.SampleUniform(parts.Config.BatchSize, g);
            }
        }
    }

    [Fact]
    public void Measured_guarantee_catches_a_method_that_steps_the_environment()
    {
        var counter = new EnvCounter();
        using var job = new PolicyDistilJob(Small("uniform"), fixture.Teacher, counter.Wrap(TaskRegistry.Factory("cartpole")),
            parts => new PeekingPolicyMethod(parts));
        var state = job.Advance(job.Initial(), 40).Next; // peeks at steps 0, 5, …, 35
        var score = job.Evaluate(state, 3);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoMeasuredEnvironmentUse(score));
        Assert.Equal(8, score.Details["distillation_env_steps"]);
        Assert.Equal(8, score.Details["distillation_env_step_calls"]);
        Assert.Equal(8, score.Details["distillation_env_resets"]);
        Assert.Equal(8, score.Details["distillation_envs_created"]);
    }

    [Fact]
    public void Rollouts_baseline_is_the_only_method_that_steps_the_environment()
    {
        var counter = new EnvCounter();
        using var job = Job(Small("rollouts"), counter);
        var next = job.Advance(job.Initial(), 10).Next;
        Assert.True(counter.Steps > 0, "policy distillation on teacher rollouts steps the environment");
        // the job's own measurement counts transitions of live instances: at least one per stored state (the pool
        // holds 40 × 32 of them) and exactly the live-instance steps the outside wrapper saw
        Assert.InRange(job.DistillationEnvSteps, 40L * 32, 40L * 32 + 16 * 500);
        Assert.Equal(counter.Resets, job.DistillationEnvResets);
        Assert.Equal(10, next.Step);
        var score = job.Evaluate(next, 3);
        Assert.Equal(job.DistillationEnvSteps, (long)score.Details["distillation_env_steps"]);
        // one Step call steps all 16 pool instances: fewer calls than transitions, and each call is counted
        Assert.InRange(score.Details["distillation_env_step_calls"], job.DistillationEnvSteps / 16.0, job.DistillationEnvSteps - 1);
        Assert.True(score.Details["distillation_envs_created"] > 0);
    }

    [Theory]
    [InlineData("rollouts")]
    [InlineData("gas")]
    [InlineData("dfad")]
    [InlineData("dafl")]
    [InlineData("uniform")]
    public async Task Measured_environment_steps_reach_summary_and_results_csv(string method)
    {
        using var runs = new TempDir();
        string runDir = runs.Sub(method);
        var output = new StringWriter();
        var error = new StringWriter();
        var runner = new Hades.Host.Commands.DistilRunner(output: output, error: error);
        int code = await Hades.Host.Program.RunAsync(
            ["distil", "--task", "cartpole", "--method", method, "--teacher", fixture.RunDir, "--steps", "20", "--chunk-steps", "10",
             "--batch", "32", "--final-eval-episodes", "3", "--run-dir", runDir, "--quiet"],
            CancellationToken.None, [new Hades.Host.Commands.DistilCommand(runner)], output, error);
        Assert.True(code == 0, error.ToString());
        var summary = Hades.Core.Runs.RunSummary.Load(Path.Combine(runDir, "summary.json"))!;
        if (method == "rollouts") Assert.InRange(summary.EnvSteps, 20L * 32, 50_000 + 16 * 500);
        else Assert.Equal(0, summary.EnvSteps);
        Assert.True(summary.FinalEvalStd >= 0 && double.IsFinite(summary.FinalEvalStd));
        var csv = Hades.Core.Runs.ResultsReport.Csv(Hades.Core.Runs.ResultsReport.Collect([runDir])).Split('\n');
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        Assert.Equal(summary.EnvSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), row[Array.IndexOf(header, "env_steps")]);
        Assert.Equal("", row[Array.IndexOf(header, "training_images_read")]);
        var score = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "score.json"))).RootElement.GetProperty("details");
        Assert.Equal(summary.EnvSteps, score.GetProperty("distillation_env_steps").GetInt64());
        string report = File.ReadAllText(Path.Combine(runDir, "report.md"));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"measured during distillation (the job's own counters; scoring excluded): {summary.EnvSteps:N0} environment steps"), report);
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void Gas_buffer_keeps_every_exemplar_of_every_harvest_whatever_the_teachers_confidence(double threshold)
    {
        // 40 steps, 4 restarts: rounds of 10, a harvest after every h = min(10, ⌈40/10⌉) = 4 steps, so ⌊40/4⌋ = 10
        // harvests of M = 64 samples for each of CartPole's 2 actions, all kept (confidence_threshold does not apply)
        using var job = Job(Small("gas") with { ConfidenceThreshold = threshold });
        var state = job.Advance(job.Initial(), 40).Next;
        Assert.Equal(10 * 2 * 64, state.Get("buffer").Shape[0]);
        var mid = job.Advance(job.Initial(), 21).Next;
        Assert.Equal(5 * 2 * 64, mid.Get("buffer").Shape[0]);
    }

    [Fact]
    public void Coverage_distance_is_smaller_for_teacher_rollout_states_than_for_uniform_states()
    {
        using var rollouts = Job(Small("rollouts"));
        using var uniform = Job(Small("uniform"));
        double near = rollouts.Evaluate(rollouts.Initial(), 5).Details["coverage_distance"];
        double far = uniform.Evaluate(uniform.Initial(), 5).Details["coverage_distance"];
        Assert.True(near >= 0 && near < far / 3, $"teacher-rollout pool {near}, uniform states {far}");
    }

    [Theory]
    [InlineData("gas")]
    [InlineData("dfad")]
    [InlineData("uniform")]
    [InlineData("rollouts")]
    public void Advance_in_two_chunks_gives_the_same_bits_as_one(string method)
    {
        var config = Small(method);
        using var job = Job(config);
        var initial = job.Initial();
        var whole = job.Advance(initial, 40).Next;
        var first = job.Advance(initial, 13).Next;
        var split = job.Advance(DistilState.FromBytes(first.ToBytes()), 27).Next;
        Assert.Equal(whole.Step, split.Step);
        Assert.Equal(whole.Arrays.Select(a => a.Name), split.Arrays.Select(a => a.Name));
        foreach (var (a, b) in whole.Arrays.Zip(split.Arrays))
        {
            Assert.Equal(a.Shape, b.Shape);
            Assert.True(a.Data.AsSpan().SequenceEqual(b.Data), $"{method}: array {a.Name} differs after a resume");
        }
        if (method == "gas")
        {
            // 40 steps, harvests every 4 steps (restarts 4 → rounds of 10; steps/10 = 4): the buffer must have filled
            Assert.True(whole.Get("buffer").Shape[0] > 0, "gas harvested no exemplars");
            var other = new PolicyDistilJob(config with { Seed = 4 }, fixture.Teacher, TaskRegistry.Factory("cartpole"));
            Assert.False(other.Advance(other.Initial(), 40).Next.Get("student").Data.AsSpan().SequenceEqual(whole.Get("student").Data),
                "another seed should give another student");
        }
    }

    [Theory]
    [InlineData("cartpole")]
    [InlineData("acrobot")]
    [InlineData("breakout")]
    public void Generated_and_uniform_states_respect_the_observation_prior(string task)
    {
        using var prior = ObservationPrior.For(task);
        using var g = new torch.Generator(7);
        using var raw = torch.randn(512, prior.RawSize, generator: g) * 10;
        using var mapped = prior.Map(raw, g);
        using var uniform = prior.SampleUniform(512, g);
        foreach (var t in new[] { mapped, uniform })
        {
            var values = TensorArrays.ToArray(t);
            Assert.Equal(512 * prior.ObservationSize, values.Length);
            for (int i = 0; i < 512; i++)
                Assert.True(prior.Contains(values.AsSpan(i * prior.ObservationSize, prior.ObservationSize)),
                    $"{task}: state {i} [{string.Join(", ", values.Skip(i * prior.ObservationSize).Take(Math.Min(8, prior.ObservationSize)))}] is outside the prior");
        }
        var u = TensorArrays.ToArray(uniform);
        switch (task)
        {
            case "cartpole": // x spans most of ±2.4, θ most of ±0.21
                Assert.True(u.Where((_, i) => i % 4 == 0).Max() > 2.0 && u.Where((_, i) => i % 4 == 0).Min() < -2.0);
                Assert.True(u.Where((_, i) => i % 4 == 2).Max() > 0.18 && u.Where((_, i) => i % 4 == 2).Min() < -0.18);
                Assert.False(prior.Contains([0f, 0f, 0.3f, 0f]), "θ beyond the termination angle");
                break;
            case "acrobot":
                Assert.False(prior.Contains([1f, 1f, 1f, 0f, 0f, 0f]), "cos² + sin² ≠ 1");
                break;
            case "breakout":
                double density = u.Average();
                Assert.InRange(density, 0.45, 0.55);
                Assert.False(prior.Contains(Enumerable.Repeat(0.5f, 400).ToArray()), "not binary");
                break;
        }
    }

    [Fact]
    public void Prior_scale_widens_the_chosen_ranges()
    {
        using var narrow = ObservationPrior.For("cartpole");
        using var wide = ObservationPrior.For("cartpole", 4);
        using var g = new torch.Generator(2);
        using var uniform = wide.SampleUniform(256, g);
        var u = TensorArrays.ToArray(uniform);
        Assert.True(u.Where((_, i) => i % 4 == 0).Max() > 8, "x should reach beyond 4 × 2.4 · 0.85");
        Assert.True(wide.Contains([9f, 11f, 0.8f, 13f]));
        Assert.False(narrow.Contains([9f, 11f, 0.8f, 13f]));
        using var acrobot = ObservationPrior.For("acrobot", 2);
        Assert.True(acrobot.Contains([1f, 0f, 1f, 0f, 20f, 50f]));
        Assert.Throws<Hades.Core.HadesUserException>(() => ObservationPrior.For("breakout", 2));
        Assert.Throws<Hades.Core.HadesUserException>(() => new DistilConfig { PriorScale = 0 }.Validate());
    }

    [Fact]
    public void Prior_maps_are_differentiable_for_the_generator()
    {
        foreach (string task in new[] { "cartpole", "acrobot", "breakout" })
        {
            using var prior = ObservationPrior.For(task);
            using var g = new torch.Generator(1);
            using var raw = torch.randn(16, prior.RawSize, generator: g).requires_grad_(true);
            using var sum = prior.Map(raw, g).sum();
            sum.backward();
            using var grad = raw.grad!;
            Assert.True(grad.abs().sum().ToSingle() > 0, $"{task}: no gradient reaches the generator's outputs");
        }
    }

    [Fact]
    public void Gas_distils_the_cartpole_teacher_without_the_environment()
    {
        var config = new DistilConfig
        {
            Task = "cartpole", Method = "gas", Seed = 0, Student = "32,32", Steps = 300, ChunkSteps = 100, BatchSize = 128,
            LatentSize = 16, Restarts = 3, ExemplarsPerClass = 100,
        };
        var counter = new EnvCounter();
        using var job = Job(config, counter);
        var state = job.Initial();
        for (int c = 0; c < 3; c++) state = job.Advance(state, 100).Next;
        Assert.Equal(0L, counter.Steps);
        var score = job.Evaluate(state, 20);
        Assert.True(score.Details["teacher_return"] >= 400, $"the PPO teacher should be good (return {score.Details["teacher_return"]})");
        Assert.True(score.Details["normalised_score"] >= 0.9,
            $"student return {score.Value} vs teacher {score.Details["teacher_return"]}, random {score.Details["random_return"]}");
        Assert.True(score.Details["agreement_teacher_states"] >= 0.7, $"agreement on teacher states {score.Details["agreement_teacher_states"]}");
        Assert.Equal(1.0, score.Details["generated_action_0"] + score.Details["generated_action_1"], 6);
        Assert.Equal(1.0, score.Details["teacher_action_0"] + score.Details["teacher_action_1"], 6);
    }

    [Fact]
    public void Untrained_student_scores_far_below_the_teacher()
    {
        using var job = Job(Small("gas") with { Student = "16" });
        var score = job.Evaluate(job.Initial(), 10);
        Assert.True(score.Details["normalised_score"] < 0.5, $"an untrained student should not play like the teacher (score {score.Details["normalised_score"]})");
        // an untrained student mostly plays one action: it misses most of the teacher's choices of the other
        Assert.True(Math.Min(score.Details["recall_action_0"], score.Details["recall_action_1"]) < 0.5);
    }

    [Fact]
    public void Normalised_score_is_zero_for_random_and_one_for_the_teacher()
    {
        Assert.Equal(0.5, PolicyDistilJob.NormalisedScore(260, 500, 20), 12);
        Assert.Equal(0.0, PolicyDistilJob.NormalisedScore(-500, -80, -500), 12);
        Assert.Equal(1.25, PolicyDistilJob.NormalisedScore(-80 + 105, -80, -500), 12);
        Assert.True(double.IsNaN(PolicyDistilJob.NormalisedScore(1, 2, 2)));

        // the teacher itself as the student: score 1, full agreement, returns equal on the same seeds
        using var job = Job(Small("uniform") with { Student = "64,64" });
        var folded = fixture.Teacher.FoldedFlat();
        var state = job.Initial();
        var arrays = state.Arrays.Select(a => a.Name == "student" ? Npz.Named.Floats("student", [folded.Length], folded) : a).ToList();
        var score = job.Evaluate(state with { Arrays = arrays }, 10);
        Assert.Equal(score.Details["teacher_return"], score.Value);
        Assert.Equal(1.0, score.Details["normalised_score"], 12);
        Assert.Equal(1.0, score.Details["agreement_teacher_states"]);
        Assert.Equal(1.0, score.Details["agreement_student_states"]);
        Assert.Equal((1.0, 1.0), (score.Details["recall_action_0"], score.Details["recall_action_1"]));
        Assert.True(score.Details["random_return"] < score.Details["teacher_return"]);
    }

    [Fact]
    public void Outputs_hold_the_student_in_the_policy_layout_pictures_and_the_action_histogram()
    {
        using var job = Job(Small("gas"));
        using var dir = new TempDir();
        var state = job.Advance(job.Initial(), 40).Next;
        job.WriteOutputs(state, dir.Path);
        var npz = Npz.Read(dir.Sub(PolicyOutputs.StudentFile));
        Assert.Equal([4, 32], npz["W0"].Shape);
        Assert.Equal([32, 2], npz["W2"].Shape);
        Assert.Equal(state.Floats("student"), MemoryMarshal.Cast<byte, float>(npz["flat"].Data).ToArray());
        var png = File.ReadAllBytes(dir.Sub(PolicyOutputs.SamplesFile));
        Assert.Equal(0x89, png[0]);
        var rows = File.ReadAllLines(dir.Sub(PolicyOutputs.ActionsFile)).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(state.Get("buffer").Shape[0], rows.Sum(r => long.Parse(r[1])));
    }

    [Fact]
    public void Folded_teacher_network_matches_the_actor_with_observation_normalisation()
    {
        var spec = TaskRegistry.Spec("acrobot");
        var net = new FlatMlp(6, [5, 4], 3);
        var flat = net.Initialise(11, 1.0);
        var (weights, biases) = net.Split(flat);
        biases = biases.Select((b, l) => b.Select((_, j) => 0.1f * (j + l + 1)).ToArray()).ToArray();
        var actor = new PpoActorNetwork(net.Shape, weights, biases, [], [0.5f, -0.2f, 0.1f, 0f, 1f, -2f], [2f, 0.5f, 1f, 3f, 4f, 9f], spec);
        var folded = actor.FoldedFlat();
        float[] obs = [0.3f, -0.95f, 0.8f, 0.6f, 2.5f, -7f];
        using var theta = TensorArrays.FromArray(folded, folded.Length);
        using var x = TensorArrays.FromArray(obs, 1, 6);
        using var logits = net.Forward(theta, x);
        var viaTorch = TensorArrays.ToArray(logits);
        var viaActor = actor.Forward(obs);
        for (int k = 0; k < 3; k++) Assert.Equal(viaActor[k], viaTorch[k], 4);
    }

    [Fact]
    public void Default_teacher_is_trained_once_into_its_dir_and_reused()
    {
        Assert.True(File.Exists(Path.Combine(fixture.RunDir, PolicyTeacher.PolicyFileName)));
        Assert.True(File.Exists(Path.Combine(fixture.RunDir, PolicyTeacher.InfoFileName)));
        Assert.True(PpoRunFile.ExistsIn(fixture.RunDir));
        Assert.Contains(fixture.Progress, line => line.Contains("training one with PPO"));
        Assert.Single(Directory.GetDirectories(fixture.Root)); // no leftover training dir
        int lines = fixture.Progress.Count;
        var again = PolicyTeacher.Resolve(new DistilConfig { Task = "cartpole" }, fixture.Progress.Add, fixture.Root);
        Assert.Equal(lines, fixture.Progress.Count);
        Assert.Equal(fixture.Teacher.Flat(), again.Flat());
        Assert.Equal(fixture.Teacher.Forward([0.01f, 0.2f, -0.03f, 0.1f]), PolicyTeacher.Load(fixture.RunDir, "cartpole").Forward([0.01f, 0.2f, -0.03f, 0.1f]));
    }

    [Fact]
    public void Factory_builds_policy_jobs_and_rejects_bad_configs()
    {
        using var job = DistilJobs.Create(new DistilConfig { Task = "cartpole", Method = "uniform", Teacher = fixture.RunDir, Steps = 10 });
        Assert.IsType<PolicyDistilJob>(job);
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "cartpole", Method = "zskt", Teacher = fixture.RunDir }));
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "cartpole", Teacher = fixture.RunDir, Student = "lenet5-half" }));
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "acrobot", Teacher = fixture.RunDir }));
        Assert.Throws<Hades.Core.HadesUserException>(() => DistilJobs.Create(new DistilConfig { Task = "cartpole", Teacher = "/nonexistent/teacher" }));
    }
}
