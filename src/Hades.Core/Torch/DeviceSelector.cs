using TorchSharp;

namespace Hades.Core.Torch;

/// <summary>Turns <c>--device cpu|cuda[:n]</c> into a torch device, failing clearly where CUDA is absent.</summary>
public static class DeviceSelector
{
    public static torch.Device Resolve(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return torch.CPU;
        if (n == "cuda" || n.StartsWith("cuda:"))
        {
            if (!torch.cuda.is_available())
                throw new HadesUserException(
                    $"device '{name}' requested but CUDA is not available (this build uses the CPU libtorch; install a CUDA TorchSharp runtime and a GPU driver, or use --device cpu)");
            return torch.device(n);
        }
        throw new HadesUserException($"unknown device '{name}' (expected cpu or cuda)");
    }
}
