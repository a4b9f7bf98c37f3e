using static TorchSharp.torch;

namespace Hades.Core.Torch;

/// <summary>The address of a contiguous CPU float32 tensor's first element (storage base + offset), for kernels that
/// read or write it in place. The tensor must stay alive while the pointer is used.</summary>
public static unsafe class TensorPointer
{
    public static float* Float(Tensor t)
    {
        if (t.device.type != TorchSharp.DeviceType.CPU || t.dtype != ScalarType.Float32 || !t.is_contiguous())
            throw new ArgumentException($"needs a contiguous CPU float32 tensor, got {t.dtype} on {t.device} (contiguous: {t.is_contiguous()})");
        using var storage = t.storage<float>();
        return (float*)storage.data_ptr() + t.storage_offset();
    }
}
