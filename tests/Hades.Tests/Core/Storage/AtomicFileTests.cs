using Hades.Core.Storage;
using Hades.Tests.Support;

namespace Hades.Tests.Core.Storage;

public sealed class AtomicFileTests : IDisposable
{
    readonly TempDir dir = new();

    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_file()
    {
        string file = dir.Sub("a.txt");
        File.WriteAllText(file, "old");
        AtomicFile.WriteAllText(file, "new");
        Assert.Equal("new", File.ReadAllText(file));
        Assert.Equal(["a.txt"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failing_write_keeps_the_old_file_and_removes_its_temporary_file()
    {
        string file = dir.Sub("a.txt");
        File.WriteAllText(file, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(file, s =>
        {
            s.Write("partial"u8);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("old", File.ReadAllText(file));
        Assert.False(File.Exists(file + AtomicFile.TempSuffix));
    }

    public void Dispose() => dir.Dispose();
}
