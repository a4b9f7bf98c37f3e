using System.Diagnostics;
using System.Globalization;
using Hades.Core.Baselines.Ppo;
using Hades.Core.Training;

// usage: Hades.PpoBench TASK SEED [steps=N] [envs=N] [steps-per-env=N] [epochs=N] [minibatches=N] [lr=X] [anneal=N]
//        [ent=X] [gamma=X] [lambda=X] [obs-norm=true|false] [reward-scale=X] [log-std=X] [clip=X]
// Trains PPO from PpoPresets.For(TASK, SEED) with the overrides, prints progress and one RESULT line with the greedy
// and sampled mean return over 20 fresh episodes (seed 12345), the env steps, wall time and process CPU time.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Hades.PpoBench TASK SEED [steps=N] [key=value ...]");
    return 2;
}
var task = args[0];
ulong seed = ulong.Parse(args[1], CultureInfo.InvariantCulture);
var preset = PpoPresets.For(task, seed);
var c = preset.Config;
long total = preset.EnvSteps;
foreach (var kv in args.Skip(2))
{
    var parts = kv.Split('=', 2);
    if (parts.Length != 2) { Console.Error.WriteLine($"expected key=value, got '{kv}'"); return 2; }
    string v = parts[1];
    double D() => double.Parse(v, CultureInfo.InvariantCulture);
    int I() => int.Parse(v, CultureInfo.InvariantCulture);
    switch (parts[0])
    {
        case "steps": total = long.Parse(v, CultureInfo.InvariantCulture); break;
        case "envs": c = c with { Envs = I() }; break;
        case "steps-per-env": c = c with { StepsPerEnv = I() }; break;
        case "epochs": c = c with { Epochs = I() }; break;
        case "minibatches": c = c with { Minibatches = I() }; break;
        case "lr": c = c with { LearningRate = D() }; break;
        case "anneal": c = c with { LearningRateAnnealIterations = I() }; break;
        case "ent": c = c with { EntropyCoefficient = D() }; break;
        case "gamma": c = c with { Gamma = D() }; break;
        case "lambda": c = c with { Lambda = D() }; break;
        case "obs-norm": c = c with { NormaliseObservations = bool.Parse(v) }; break;
        case "reward-scale": c = c with { RewardScale = D() }; break;
        case "log-std": c = c with { InitialLogStd = D() }; break;
        case "clip": c = c with { ClipRange = D() }; break;
        default: Console.Error.WriteLine($"unknown key '{parts[0]}'"); return 2;
    }
}
int iterations = (int)((total + c.BatchSize - 1) / c.BatchSize);
Console.WriteLine($"{c} iterations={iterations}");
var trainer = new PpoTrainer(c);
var watch = Stopwatch.StartNew();
int every = Math.Max(1, iterations / 20);
var state = trainer.Train(trainer.Initial(), iterations, (_, s) =>
{
    if (s.Iteration % every == 0 || s.Iteration == iterations)
        Console.WriteLine(FormattableString.Invariant(
            $"it {s.Iteration} steps {s.EnvSteps} t {watch.Elapsed.TotalSeconds:F1}s episodes {s.EpisodesFinished} return {s.MeanEpisodeReturn:F1} length {s.MeanEpisodeLength:F0} policy {s.PolicyLoss:F4} value {s.ValueLoss:F3} entropy {s.Entropy:F3} kl {s.ApproxKl:F4} clipped {s.ClipFraction:F3}"));
});
double wall = watch.Elapsed.TotalSeconds;
double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
double greedy = PpoPolicy.Evaluate(c, state, 20, 12345, ActionSelection.Greedy);
double sampled = PpoPolicy.Evaluate(c, state, 20, 12345, ActionSelection.Sample);
Console.WriteLine(FormattableString.Invariant(
    $"RESULT task={task} seed={seed} envSteps={state.EnvSteps} trainWall={wall:F1}s processCpu={cpu:F1}s steps/s={state.EnvSteps / wall:F0} evalGreedy20={greedy:F1} evalSampled20={sampled:F1}"));
return 0;
