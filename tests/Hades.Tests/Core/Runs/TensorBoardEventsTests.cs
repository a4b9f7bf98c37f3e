using System.Buffers.Binary;
using System.Text;
using Hades.Core.Runs;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Runs;

public class TensorBoardEventsTests
{
    static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;

    [Theory]
    [InlineData("123456789", 0xE3069283u)]          // the CRC-32C check value (RFC 3720, iSCSI)
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    public void Masked_crc32c_matches_the_castagnoli_check_values(string text, uint crc) =>
        Assert.Equal(Mask(crc), TensorBoardEvents.MaskedCrc32C(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Records_of_every_length_pass_the_independent_reader()
    {
        // lengths around the 8-byte steps of the CRC loop
        var records = Enumerable.Range(0, 20).Select(n => TensorBoardEvents.EncodeImage(
            new TensorBoardEvents.Image("t", n, 1.5, 1, 1, Enumerable.Range(0, n).Select(i => (byte)(i * 37)).ToArray()))).ToList();
        var images = TfEventsReader.ReadImages([.. TensorBoardEvents.Header(1.0), .. records.SelectMany(r => r)]);
        Assert.Equal(20, images.Count);
        Assert.Equal(Enumerable.Range(0, 19).Select(i => (byte)(i * 37)).ToArray(), images[^1].Encoded);
    }
}
