using Hades.Core.Policies;
using Hades.Core.Training.Cpu;
using TorchSharp;

namespace Hades.Tests.Core.Training.Cpu;

/// <summary><see cref="CacheWarmer"/> reads every cache line it is given (the OR of what it read shows each one), and
/// a policy's warm-up reads that policy's weights only and changes no output.</summary>
public class CacheWarmerTests
{
    [Theory]
    [InlineData(1000)] // vector part [0, 960) and a tail of 40 floats
    [InlineData(64)]
    [InlineData(15)]
    public unsafe void Read_reaches_every_cache_line(int count)
    {
        var data = new float[count + 16];
        for (int line = 0; line * 16 < count; line++)
        {
            Array.Clear(data);
            int index = line * 16;
            data[index] = BitConverter.Int32BitsToSingle(1 << (line % 31));
            data[count] = BitConverter.Int32BitsToSingle(unchecked((int)0x80000000)); // past the end: must not be read
            int bits;
            fixed (float* p = data) bits = CacheWarmer.Read(p, count);
            Assert.Equal(1 << (line % 31), bits);
        }
    }

    [Fact]
    public unsafe void Read_sees_every_float_of_the_whole_registers()
    {
        var data = new float[256];
        for (int i = 0; i < 256; i++)
        {
            Array.Clear(data);
            data[i] = BitConverter.Int32BitsToSingle(1 << (i % 31));
            int bits;
            fixed (float* p = data) bits = CacheWarmer.Read(p, 256);
            Assert.Equal(1 << (i % 31), bits);
        }
    }

    [Fact]
    public void Warming_a_member_leaves_the_forward_bit_for_bit_the_same_and_rejects_unknown_members()
    {
        var shape = new MlpShape(11, [256, 256], 1, Activation.Tanh);
        using var policies = BatchedMlp.Create(shape, [3UL, 4UL], m => m, 2, torch.CPU);
        using var x = torch.randn(2, 2, 11, generator: new torch.Generator(1));
        var input = x.data<float>().ToArray();
        var before = new float[4];
        var after = new float[4];
        using var forward = new FusedMlpForward(policies, 2);
        forward.Forward(input, before);
        forward.WarmMember(0);
        forward.WarmMember(1);
        forward.Forward(input, after);
        Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), after.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(before[0], before[2]); // two different policies
        Assert.Throws<ArgumentOutOfRangeException>(() => forward.WarmMember(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => forward.WarmMember(-1));
    }
}
