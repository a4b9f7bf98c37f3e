using Hades.Core.Policies;

namespace Hades.Core.Training;

/// <summary>
/// The matrix arithmetic of a HaDES generation, counted from the shapes (a multiply-add is 2 FLOPs; biases,
/// activations, the loss and Adam are element-wise work and not counted, as a roofline's "model FLOPs"):
/// per inner-loop step every policy runs its D pairs forward (2·D·in·out per layer), and backward the weight
/// gradients (the same again per layer) and the input gradients of every layer but the first (the dataset's
/// states need none); a rollout step is one forward of one observation.
/// </summary>
public static class GenerationFlops
{
    /// <summary>FLOPs of one forward pass of one input row through <paramref name="shape"/>.</summary>
    public static double ForwardPerRow(MlpShape shape) => shape.Layers().Sum(l => 2.0 * l.In * l.Out);

    /// <summary>FLOPs of one full-batch training step of one policy on <paramref name="pairs"/> pairs.</summary>
    public static double TrainingStep(MlpShape shape, int pairs)
    {
        var layers = shape.Layers().ToArray();
        double forward = 0, weightGrads = 0, inputGrads = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            double product = 2.0 * pairs * layers[l].In * layers[l].Out;
            forward += product;
            weightGrads += product;
            if (l > 0) inputGrads += product;
        }
        return forward + weightGrads + inputGrads;
    }

    /// <summary>FLOPs of training <paramref name="policies"/> policies for <paramref name="steps"/> steps each.</summary>
    public static double Training(MlpShape shape, int pairs, int steps, long policies) =>
        TrainingStep(shape, pairs) * steps * policies;

    /// <summary>FLOPs of the rollouts' policy forwards for <paramref name="envSteps"/> environment steps.</summary>
    public static double Rollout(MlpShape shape, long envSteps) => ForwardPerRow(shape) * envSteps;
}
