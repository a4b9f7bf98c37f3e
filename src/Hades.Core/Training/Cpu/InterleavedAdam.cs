using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hades.Core.Training.Cpu;

/// <summary>
/// One member's weight-gradient/Adam pass (its 4 × 64 register blocks, <see cref="GradientAdamKernel"/>) cut into
/// single 16-lane Adam updates that another member's products run between their FMAs
/// (<see cref="MatrixKernels.MultiplyFed"/>): Adam's divisions and square roots occupy the divider for many cycles, during
/// which the core can run the other member's independent FMAs, but only if both sit close together in program order
/// (the out-of-order window holds a few hundred instructions). A refill computes the next block's gradient (16 vectors,
/// each element one FMA chain over the pairs from zero, as the fused block) into an L1-resident stash; each
/// <see cref="UpdateNext"/> applies one vector of it through Adam (the same operations as the fused block). So every
/// parameter gets exactly the numbers of the member's own pass: only when they are computed changes.
/// </summary>
public sealed unsafe class InterleavedAdam : IDisposable
{
    const int Vectors = 16;

    readonly float* stash = (float*)NativeMemory.AlignedAlloc(Vectors * 16 * sizeof(float), 64);
    readonly int[] target = new int[Vectors];
    int queued, next;

    float* theta, m, v;
    GradientAdamKernel.Constants constants;
    Layer[] layers = [];
    int layer, i0, j0;

    /// <summary>A layer's block region: rows [0, Rows) × columns [0, Cols) of W (row length FanOut) at θ[Offset].</summary>
    public readonly record struct Layer(nint Below, int FanIn, nint Dz, int FanOut, int Pairs, int Rows, int Cols, int Offset);

    /// <summary>Starts a pass over <paramref name="regions"/> of the member's θ, m, v with this step's Adam scalars.</summary>
    public void Open(float* theta, float* m, float* v, Layer[] regions, AdamKernel.Step step)
    {
        this.theta = theta; this.m = m; this.v = v;
        constants = new GradientAdamKernel.Constants(step);
        layers = regions;
        layer = 0; i0 = 0; j0 = 0; queued = 0; next = 0;
        SkipEmpty();
    }

    /// <summary>True while an update is queued (the products test this before each <see cref="UpdateNext"/>).</summary>
    public bool HasQueued
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => next < queued;
    }

    /// <summary>Updates left in the queue.</summary>
    public int Queued => queued - next;

    /// <summary>Applies the next queued 16-lane update.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void UpdateNext()
    {
        int q = next++;
        int o = target[q];
        GradientAdamKernel.Update(Vector512.Load(stash + 16 * q), theta + o, m + o, v + o, constants);
    }

    /// <summary>Queues the next block's 16 updates (its gradient computed now); false when every block is done.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Refill()
    {
        if (layer >= layers.Length) { queued = next = 0; return false; }
        var l = layers[layer];
        int row = l.Offset + i0 * l.FanOut + j0;
        GradientAdamKernel.Gradient4x64((float*)l.Below + i0, l.FanIn, (float*)l.Dz + j0, l.FanOut, l.Pairs, stash);
        for (int q = 0; q < Vectors; q++) target[q] = row + q / 4 * l.FanOut + q % 4 * 16;
        queued = Vectors; next = 0;
        Advance();
        return true;
    }

    /// <summary>EXPERIMENT: the next block in registers (gradient and Adam); false when none is left.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool NextBlock()
    {
        if (layer >= layers.Length) return false;
        var l = layers[layer];
        int row = l.Offset + i0 * l.FanOut + j0;
        GradientAdamKernel.Block4x64((float*)l.Below + i0, l.FanIn, (float*)l.Dz + j0, l.FanOut, l.Pairs, theta + row, m + row, v + row, constants);
        Advance();
        return true;
    }

    /// <summary>Finishes the pass: the queued updates, then the remaining blocks in registers.</summary>
    public void Drain()
    {
        while (next < queued) UpdateNext();
        queued = next = 0;
        for (; layer < layers.Length; Advance())
        {
            var l = layers[layer];
            int row = l.Offset + i0 * l.FanOut + j0;
            GradientAdamKernel.Block4x64((float*)l.Below + i0, l.FanIn, (float*)l.Dz + j0, l.FanOut, l.Pairs, theta + row, m + row, v + row, constants);
        }
    }

    /// <summary>Updates still to apply, queued or in blocks not yet computed (for the products' pacing).</summary>
    public int RemainingUpdates
    {
        get
        {
            int left = Queued;
            for (int k = layer; k < layers.Length; k++)
            {
                var l = layers[k];
                int blocks = l.Rows / 4 * (l.Cols / 64);
                if (k == layer) blocks -= i0 / 4 * (l.Cols / 64) + j0 / 64;
                left += Vectors * blocks;
            }
            return left;
        }
    }

    void Advance()
    {
        var l = layers[layer];
        j0 += 64;
        if (j0 >= l.Cols) { j0 = 0; i0 += 4; }
        if (i0 >= l.Rows) { i0 = 0; layer++; SkipEmpty(); }
    }

    void SkipEmpty()
    {
        while (layer < layers.Length && (layers[layer].Rows == 0 || layers[layer].Cols == 0)) layer++;
    }

    public void Dispose() => NativeMemory.AlignedFree(stash);
}
