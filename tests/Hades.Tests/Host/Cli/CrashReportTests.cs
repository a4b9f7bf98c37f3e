using System.CommandLine;
using System.Text.RegularExpressions;
using Hades.Host;
using Hades.Host.Cli;
using Hades.Host.Commands;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Cli;

/// <summary>An exception no command turned into a user error (a bug) gives one line naming a report file with the
/// whole exception, and exit code 70; a cancelled command that throws on its token exits 130.</summary>
public class CrashReportTests
{
    sealed class Throwing(Func<CancellationToken, Exception> failure) : ICommand
    {
        public string Name => "boom";
        public string Summary => "throws";
        public string Description => "throws";
        public void Declare(Command command) { }
        public Task<int> RunAsync(ParseResult parse, CancellationToken cancel) => throw failure(cancel);
    }

    static async Task<(int Code, string Err)> Run(Func<CancellationToken, Exception> failure, CancellationToken cancel)
    {
        var error = new StringWriter();
        int code = await Program.RunAsync(["boom"], cancel, [new Throwing(failure)], TextWriter.Null, error);
        return (code, error.ToString());
    }

    [Fact]
    public async Task A_bug_is_one_line_and_a_report_with_the_stack_trace()
    {
        var (code, err) = await Run(_ => new InvalidOperationException("the ledger\nwent wrong"), CancellationToken.None);
        Assert.Equal(CrashReport.ExitCode, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("hades: internal error: InvalidOperationException: the ledger went wrong (a bug in hades; details in ", err);
        string path = Regex.Match(err, @"details in (.+)\)\s*$").Groups[1].Value;
        try
        {
            string report = File.ReadAllText(path);
            Assert.Contains("command line: hades boom", report);
            Assert.Contains("System.InvalidOperationException: the ledger", report);
            Assert.Contains(nameof(Throwing), report); // the stack trace
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_report_that_cannot_be_written_says_so_in_the_same_line()
    {
        using var dir = new TempDir();
        string line = CrashReport.Write(["run"], new NullReferenceException("x"), Path.Combine(dir.Path, "missing", "deeper"));
        Assert.StartsWith("hades: internal error: NullReferenceException: x (a bug in hades; the details could not be written to ", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task A_cancelled_command_that_throws_on_its_token_exits_130()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var (code, err) = await Run(c => new OperationCanceledException(c), source.Token);
        Assert.Equal(130, code);
        Assert.Equal("hades: stopped", err.Trim());
    }
}
