using System.Diagnostics;
using Hades.Core.Images;
using TorchSharp;
using static TorchSharp.torch;

// Usage:
//   dotnet run -c Release --project tools/Hades.ImageBench -- baselines [steps] [inits] [ipc...]
//   dotnet run -c Release --project tools/Hades.ImageBench -- throughput [steps] [P...]
//   dotnet run -c Release --project tools/Hades.ImageBench -- layout [steps] [P]
//   dotnet run -c Release --project tools/Hades.ImageBench -- pictures [dir]
//   dotnet run -c Release --project tools/Hades.ImageBench -- architectures [steps] [seeds]
string mode = args.Length > 0 ? args[0] : "throughput";
int steps = args.Length > 1 && int.TryParse(args[1], out int parsed) ? parsed : 1000;
var device = Environment.GetEnvironmentVariable("HADES_DEVICE") is { } d ? torch.device(d) : torch.CPU;
Console.WriteLine($"torch threads {torch.get_num_threads()}, device {device}");

switch (mode)
{
    case "baselines": Baselines(steps, args.Length > 2 ? int.Parse(args[2]) : 5, args.Length > 3 ? args[3..].Select(int.Parse).ToArray() : [1, 10]); break;
    case "throughput": Throughput(steps, args.Length > 2 ? args[2..].Select(int.Parse).ToArray() : [8, 16, 32]); break;
    case "layout": Layout(steps, args.Length > 2 ? int.Parse(args[2]) : 16); break;
    case "pictures": Pictures(args.Length > 1 ? args[1] : "."); break;
    case "architectures": Architectures(steps, args.Length > 2 ? int.Parse(args[2]) : 2); break;
    default: Console.Error.WriteLine($"unknown mode {mode}"); break;
}

void Baselines(int steps, int inits, int[] ipcs)
{
    using var data = FashionMnist.Load();
    var (fit, _) = data.SplitTrain(10_000);
    var settings = new ImageInnerLoop(Steps: steps);
    using var test = data.Test.Images.to(device);
    using var testLabels = data.Test.Labels.to(device);
    var seeds = Enumerable.Range(0, inits).Select(i => 1000UL + (ulong)i).ToArray();
    var sw = Stopwatch.StartNew();
    foreach (int ipc in ipcs)
    {
        // Class means (ipc > 1: means of ipc disjoint random subsets), trained from `inits` fresh inits.
        var means = SyntheticImageInit.ClassMeans(fit, 10, ipc, 0);
        Report($"class means, {ipc} ipc", ImageFitness.Scores([means], seeds, settings, test, testLabels, device).Select(s => s.Accuracy));
        // Random real images: draw i trained from init i.
        var real = Enumerable.Range(0, inits)
            .SelectMany(i => ImageFitness.Scores([SyntheticImageInit.RandomReal(fit, 10, ipc, (ulong)i)], [seeds[i]], settings, test, testLabels, device));
        Report($"random real, {ipc} ipc (draw i with init i)", real.Select(s => s.Accuracy));
    }
    Console.WriteLine($"total {sw.Elapsed.TotalSeconds:F1} s");
    fit.Dispose();
}

void Pictures(string dir)
{
    using var data = FashionMnist.Load();
    var (fit, _) = data.SplitTrain(10_000);
    Hades.Core.Pictures.PngWriter.Save(Hades.Core.Pictures.ImageGridPicture.Draw(
        SyntheticImageInit.ClassMeans(fit, 10, 1, 0), 10, 1, FashionMnist.ClassNames, title: "class means"), Path.Combine(dir, "fmnist-class-means.png"));
    Hades.Core.Pictures.PngWriter.Save(Hades.Core.Pictures.ImageGridPicture.Draw(
        SyntheticImageInit.ClassMeans(fit, 10, 10, 0), 10, 10, FashionMnist.ClassNames, scale: 2, title: "means of 10 disjoint subsets"), Path.Combine(dir, "fmnist-subset-means-10ipc.png"));
    Hades.Core.Pictures.PngWriter.Save(Hades.Core.Pictures.ImageGridPicture.Draw(
        SyntheticImageInit.RandomReal(fit, 10, 10, 0), 10, 10, FashionMnist.ClassNames, scale: 2, title: "random real images"), Path.Combine(dir, "fmnist-random-real-10ipc.png"));
    fit.Dispose();
}

// Every generalisation architecture trained on the 1-ipc class-mean images by the paper recipe, scored on the test split.
void Architectures(int steps, int seeds)
{
    using var data = FashionMnist.Load();
    var (fit, _) = data.SplitTrain(10_000);
    var means = SyntheticImageInit.ClassMeans(fit, 10, 1, 0);
    var settings = new ImageInnerLoop(Steps: steps);
    foreach (var name in Hades.Core.Images.Architectures.ImageArchitectures.Names)
    {
        var sw = Stopwatch.StartNew();
        var scores = Enumerable.Range(0, seeds).Select(i => Hades.Core.Images.Architectures.ImageArchitectures.TrainAndScore(
            name, means, 1000UL + (ulong)i, settings, data.Test.Images, data.Test.Labels)).ToArray();
        Report($"{name} on class means ({sw.Elapsed.TotalSeconds:F0} s)", scores.Select(s => s.Accuracy));
    }
    fit.Dispose();
}

void Report(string name, IEnumerable<double> values)
{
    var v = values.ToArray();
    double mean = v.Average(), sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, v.Length - 1));
    Console.WriteLine($"{name}: test accuracy {100 * mean:F2} ± {100 * sd:F2} % (n={v.Length}; {string.Join(" ", v.Select(x => (100 * x).ToString("F2")))})");
}

void Throughput(int steps, int[] sizes)
{
    using var data = FashionMnist.Load();
    var (fit, selection) = data.SplitTrain(10_000);
    using var eval = selection.Slice(0, 2000);
    using var evalImages = eval.Images.to(device);
    using var evalLabels = eval.Labels.to(device);
    var start = SyntheticImageInit.ClassMeans(fit, 10, 1, 0);
    var rng = new System.Random(1);
    // Warm-up (thread pools, allocator, JIT) outside the timings.
    ImageFitness.Evaluate([start], [7UL], new ImageInnerLoop(Steps: 2), evalImages, evalLabels, FitnessKind.NegativeLoss);
    foreach (int p in sizes)
    {
        var candidates = Enumerable.Range(0, p).Select(_ => start.Select(x => x + 0.02f * (float)(rng.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var settings = new ImageInnerLoop(Steps: steps, MaxMembersPerBatch: p);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var f = ImageFitness.Evaluate(candidates, [7UL], settings, evalImages, evalLabels, FitnessKind.NegativeLoss);
        double total = sw.Elapsed.TotalSeconds, cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"P={p}: {total:F1} s wall, {cpu:F1} s CPU for {p} candidate-inits ({steps} steps + 2k-image eval) = {total / p:F3} s wall, {cpu / p:F3} s CPU per candidate-init; mean fitness {f.Average():F4}");
    }
    fit.Dispose(); selection.Dispose();
}

// Training-step time only: hand-written im2col + bmm (BatchedCnn) vs conv2d(groups = P) + bmm with autograd.
void Layout(int steps, int p)
{
    const int n = 10;
    using var g = new Generator(3);
    using var images = torch.rand(p, n, 784, generator: g);
    using var labels = torch.arange(n, ScalarType.Int64);
    var settings = new ImageInnerLoop(Steps: steps);
    using (var nets = BatchedCnn.Create(Enumerable.Range(0, p).Select(i => (ulong)i).ToArray(), m => m, p, device))
    {
        nets.Train(images, labels, settings with { Steps = 2 }); // warm-up
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        nets.Train(images, labels, settings);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine($"im2col+bmm, manual backward: P={p}, {steps} steps: {sw.Elapsed.TotalSeconds:F2} s wall = {sw.Elapsed.TotalMilliseconds / steps / p:F3} ms wall, {cpu / steps / p:F3} ms CPU per member-step");
    }
    using (var nets = BatchedCnn.Create(Enumerable.Range(0, p).Select(i => (ulong)i).ToArray(), m => m, p, device))
    {
        // Same weights as autograd leaves in the grouped-conv layout.
        var wc = nets.ConvWeight.transpose(1, 2).reshape(p * 16, 1, 3, 3).clone().requires_grad_();
        var bc = nets.ConvBias.reshape(p * 16).clone().requires_grad_();
        var w1 = nets.Dense1Weight.clone().requires_grad_(); var b1 = nets.Dense1Bias.clone().requires_grad_();
        var w2 = nets.Dense2Weight.clone().requires_grad_(); var b2 = nets.Dense2Bias.clone().requires_grad_();
        Tensor[] ps = [wc, bc, w1, b1, w2, b2];
        // Member m's images become channel m of one [N, P, 28, 28] batch.
        using var x = images.reshape(p, n, 28, 28).transpose(0, 1).contiguous().to(device);
        using var onehot = torch.nn.functional.one_hot(labels, 10).to(ScalarType.Float32).to(device);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            foreach (var t in ps) t.grad?.zero_();
            var c = torch.nn.functional.conv2d(x, wc, bc, padding: [1, 1], groups: p).relu();  // [N, P·16, 28, 28]
            var h1 = c.view(n, p, 16, 784).permute(1, 0, 3, 2).reshape(p, n, 784 * 16);
            var h2 = (torch.bmm(h1, w1) + b1).relu();
            var logits = torch.bmm(h2, w2) + b2;
            var loss = -(torch.nn.functional.log_softmax(logits, -1) * onehot).sum() / (n * 10);
            loss.backward();
            using var noGrad = torch.no_grad();
            foreach (var t in ps) t.sub_(t.grad!.mul(0.1));
        }
        Step(); Step();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++) Step();
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine($"conv2d(groups=P)+bmm, autograd:  P={p}, {steps} steps: {sw.Elapsed.TotalSeconds:F2} s wall = {sw.Elapsed.TotalMilliseconds / steps / p:F3} ms wall, {cpu / steps / p:F3} ms CPU per member-step");
        foreach (var t in ps) t.Dispose();
    }
}
