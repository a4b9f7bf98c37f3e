using TorchSharp;

using Hades.Core.Torch;

namespace Hades.Tests.Core.Torch;

/// <summary>Fails at once if libLibTorchSharp.so cannot load (e.g. the GLIBCXX weak-version patch was lost).</summary>
public class TorchSmokeTests
{
    [Fact]
    public void Torch_loads_and_bmm_matches_hand_product()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [1, 2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [1, 2, 2]);
        using var c = torch.bmm(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
        Assert.StartsWith("2.", torch.__version__);
    }

    [Fact]
    public void Asking_for_cuda_without_cuda_is_a_clear_user_error()
    {
        if (torch.cuda.is_available()) return; // a CUDA machine is the other branch, tested by using it
        var e = Assert.Throws<Hades.Core.HadesUserException>(() => Hades.Core.Torch.DeviceSelector.Resolve("cuda"));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Equal(torch.CPU, Hades.Core.Torch.DeviceSelector.Resolve("cpu"));
    }
}
