namespace Hades.Core.Vision.Architectures;

/// <summary>The paper CNN with four times as many conv filters (64): tests transfer to a wider network.</summary>
public static class WideCnn
{
    public const int Channels = 64;

    public static PaperCnn Create(ulong seed) => new(seed, Channels);
}
