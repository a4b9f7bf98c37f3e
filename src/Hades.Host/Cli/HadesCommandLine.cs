using System.CommandLine;
using System.CommandLine.Help;
using Hades.Core;
using Hades.Host.Commands;

namespace Hades.Host.Cli;

/// <summary>
/// The `hades` command line on System.CommandLine: builds the command tree from the commands' declarations,
/// parses (response files <c>@FILE</c> included), and dispatches. Help (<c>--help</c>, <c>-h</c>) and completion
/// (the <c>[suggest]</c> directive behind <c>hades completion bash</c>) are System.CommandLine's, over the
/// declarations. Bad input is one <c>hades: error:</c> line on stderr and exit code 2; user errors the commands
/// raise later too; I/O errors exit 1.
/// </summary>
public static class HadesCommandLine
{
    /// <summary>The action of --help: the help of the command it follows, from the declarations.</summary>
    sealed class HelpPrinter(IReadOnlyDictionary<Command, ICommand> commands, int width) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            HelpLayout.Write(parse.CommandResult.Command, commands, parse.InvocationConfiguration.Output, width);
            return 0;
        }
    }

    /// <summary>The root command with one subcommand per <paramref name="commands"/> entry, and the map back.</summary>
    public static (RootCommand Root, IReadOnlyDictionary<Command, ICommand> Commands) Build(IReadOnlyList<ICommand> commands, int helpWidth)
    {
        var root = new RootCommand(HelpLayout.Tagline);
        var map = new Dictionary<Command, ICommand>();
        foreach (var c in commands)
        {
            var command = new Command(c.Name, c.Summary);
            c.Declare(command);
            root.Add(command);
            map[command] = c;
        }
        var help = root.Options.OfType<HelpOption>().Single();
        help.Description = "show this help";
        help.Action = new HelpPrinter(map, helpWidth);
        root.Options.OfType<VersionOption>().Single().Description = "show the version";
        return (root, map);
    }

    /// <summary>Parses a command line against <paramref name="commands"/> (default: every command) as `hades` does.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args, IReadOnlyList<ICommand>? commands = null) =>
        Build(commands ?? CommandTable.All, 120).Root.Parse(Opt.SeparateOptionalNumbers(args));

    public static async Task<int> RunAsync(string[] args, CancellationToken cancel, IReadOnlyList<ICommand> commands, TextWriter output, TextWriter error)
    {
        var (root, map) = Build(commands, HelpLayout.Width(output));
        if (args is ["help", .. var rest]) args = [.. rest, "--help"];
        ParseResult parse;
        try { parse = root.Parse(Opt.SeparateOptionalNumbers(args)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) // an unreadable response file
        {
            error.WriteLine($"hades: error: {e.Message}");
            return 2;
        }
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(invocation);
            return 2;
        }
        if (parse.Action is HelpPrinter || parse.Action?.GetType().Name is "CompletionAction" or "VersionOptionAction")
            return parse.Invoke(invocation);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"hades: error: {ParseErrors.Describe(parse)}");
            return 2;
        }
        if (!map.TryGetValue(parse.CommandResult.Command, out var command))
        {
            root.Parse(["--help"]).Invoke(invocation);
            return 2;
        }
        try
        {
            return await command.RunAsync(parse, cancel);
        }
        catch (HadesUserException e)
        {
            error.WriteLine($"hades: error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"hades: error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine("hades: stopped");
            return 130;
        }
        catch (Exception e)
        {
            // a bug: one line here, the stack trace in a file it names
            error.WriteLine(CrashReport.Write(args, e));
            return CrashReport.ExitCode;
        }
    }
}
