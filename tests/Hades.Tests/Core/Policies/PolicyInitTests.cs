using Hades.Core.Policies;
using TorchSharp;
using static TorchSharp.torch;

namespace Hades.Tests.Core.Policies;

public sealed class PolicyInitTests
{
    static float[,] Weights(BatchedMlp mlp, int layer)
    {
        using var w = mlp.Weights[layer][0].detach().cpu().contiguous();
        var (rows, cols) = ((int)w.shape[0], (int)w.shape[1]);
        var flat = w.data<float>().ToArray();
        var m = new float[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = flat[i * cols + j];
        return m;
    }

    /// <summary>Gram matrix of the smaller side: WᵀW (in ≥ out) or WWᵀ (in &lt; out), which orthogonal init makes gain²·I.</summary>
    static double MaxDeviationFromScaledIdentity(float[,] w, double gain)
    {
        int rows = w.GetLength(0), cols = w.GetLength(1);
        bool columns = rows >= cols;
        int n = columns ? cols : rows, len = columns ? rows : cols;
        double worst = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++) dot += columns ? w[k, a] * w[k, b] : w[a, k] * w[b, k];
                worst = Math.Max(worst, Math.Abs(dot - (a == b ? gain * gain : 0)));
            }
        return worst;
    }

    [Fact]
    public void Orthogonal_init_has_orthonormal_rows_or_columns_times_sqrt2_hidden_and_001_output()
    {
        var shape = new MlpShape(6, [16, 4], 3, Activation.Relu);
        using var mlp = BatchedMlp.Create(shape, [42UL], _ => 0, 1, torch.CPU, PolicyInitKind.Orthogonal);
        Assert.True(MaxDeviationFromScaledIdentity(Weights(mlp, 0), Math.Sqrt(2)) < 1e-5); // 6 × 16: rows orthogonal
        Assert.True(MaxDeviationFromScaledIdentity(Weights(mlp, 1), Math.Sqrt(2)) < 1e-5); // 16 × 4: columns
        Assert.True(MaxDeviationFromScaledIdentity(Weights(mlp, 2), 0.01) < 1e-7);
        using var normal = BatchedMlp.Create(shape, [42UL], _ => 0, 1, torch.CPU);
        Assert.True(MaxDeviationFromScaledIdentity(Weights(normal, 0), Math.Sqrt(2)) > 0.1); // the other init is not orthogonal
        Assert.All(mlp.Biases, b => Assert.Equal(0f, b.abs().max().item<float>()));
    }

    [Fact]
    public void Orthogonal_init_is_a_function_of_the_seed()
    {
        var shape = new MlpShape(5, [8], 2, Activation.Tanh);
        using var a = BatchedMlp.Create(shape, [7UL, 8UL], m => m, 2, torch.CPU, PolicyInitKind.Orthogonal);
        using var b = BatchedMlp.Create(shape, [7UL], _ => 0, 1, torch.CPU, PolicyInitKind.Orthogonal);
        Assert.Equal(b.Flatten(0), a.Flatten(0));
        Assert.NotEqual(a.Flatten(0), a.Flatten(1));
    }
}
