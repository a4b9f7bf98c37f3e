using Hades.Host.Bench;

namespace Hades.Tests.Host.Bench;

public class SelfProcessTests
{
    [Theory]
    [InlineData("/usr/share/dotnet/dotnet", true)]
    [InlineData("/usr/lib/dotnet/dotnet", true)]
    [InlineData("/work/main/src/Hades.Host/bin/Release/net10.0/hades", false)]
    public void The_dotnet_host_is_told_which_assembly_to_run(string processPath, bool addsAssembly) =>
        Assert.Equal(addsAssembly, SelfProcess.IsDotnetHost(processPath));

    /// <summary>This test process is itself the dotnet host (testhost runs under dotnet or its own apphost): either way the
    /// start info names a program that exists, and under dotnet its first argument is Hades.Host's assembly.</summary>
    [Fact]
    public void The_start_info_runs_hades_with_the_given_arguments_last()
    {
        var info = SelfProcess.StartInfo(["worker", "--threads", "1"]);
        Assert.True(File.Exists(info.FileName), info.FileName);
        Assert.Equal(["worker", "--threads", "1"], info.ArgumentList.TakeLast(3));
        if (SelfProcess.IsDotnetHost(info.FileName)) Assert.EndsWith("hades.dll", info.ArgumentList[0]);
    }
}
