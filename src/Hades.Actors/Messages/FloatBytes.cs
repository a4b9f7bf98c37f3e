namespace Hades.Actors.Messages;

/// <summary>float[] ⇄ byte[] for messages (arrays cross the wire as bytes, never as JSON numbers).</summary>
public static class FloatBytes
{
    public static byte[] From(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    public static float[] To(byte[] bytes)
    {
        if (bytes.Length % sizeof(float) != 0) throw new ArgumentException("byte length is not a multiple of 4");
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
