namespace Hades.Core.Vision;

/// <summary>
/// The matrix arithmetic of the paper CNN (<see cref="BatchedCnn"/>: conv 3×3 with C channels → dense H → dense
/// classes), counted from the shapes as <see cref="Training.GenerationFlops"/> counts MLPs: a multiply-add is 2 FLOPs;
/// biases, relus, the loss and SGD are element-wise and not counted. A training step runs every image forward, then
/// backward the weight gradients of all three layers and the input gradients of the two dense layers (the images
/// need none).
/// </summary>
public static class CnnFlops
{
    static (double Conv, double Dense1, double Dense2) Layers(int side, int channels, int hidden, int classes)
    {
        double pixels = (double)side * side;
        return (2 * pixels * 9 * channels, 2 * pixels * channels * hidden, 2.0 * hidden * classes);
    }

    /// <summary>FLOPs of one image through the network (scoring).</summary>
    public static double ForwardPerImage(int side = 28, int channels = 16, int hidden = 128, int classes = 10)
    {
        var (conv, dense1, dense2) = Layers(side, channels, hidden, classes);
        return conv + dense1 + dense2;
    }

    /// <summary>FLOPs of one full-batch SGD step of one network on <paramref name="images"/> images.</summary>
    public static double TrainingStep(int images, int side = 28, int channels = 16, int hidden = 128, int classes = 10)
    {
        var (conv, dense1, dense2) = Layers(side, channels, hidden, classes);
        return images * (2 * conv + 3 * dense1 + 3 * dense2);
    }
}
