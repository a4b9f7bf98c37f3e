using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Hades.Host.Cli;

/// <summary>The one line that describes why a command line was refused (the first problem, worded as the
/// commands' own errors are), instead of System.CommandLine's list of errors followed by the help.</summary>
public static class ParseErrors
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        bool root = command is RootCommand;
        string see = root ? "(see hades --help)" : $"for 'hades {command.Name}' (see hades {command.Name} --help)";
        var unmatched = parse.UnmatchedTokens;

        if (unmatched.FirstOrDefault(LooksLikeOption) is { } option)
            return $"unknown option '{option}' {see}";
        if (parse.Errors.FirstOrDefault(e => e.Message.StartsWith("unknown option", StringComparison.Ordinal)) is { } ownUnknown)
            return ownUnknown.Message;
        if (parse.Errors.Select(e => OptionOf(e.SymbolResult)).FirstOrDefault(o => o is not null && o.Tokens.Count == 0 && o.Option.Arity.MinimumNumberOfValues > 0) is { } bare)
            return $"option {bare.Option.Name} needs a value";
        if (parse.Errors.Select(e => OptionOf(e.SymbolResult)).FirstOrDefault(o => o is not null && o.Option.Arity.MaximumNumberOfValues == 1 && o.Tokens.Count > 1) is { } twice)
            return $"option {twice.Option.Name} given twice";
        if (unmatched.Count > 0)
            return root
                ? $"unknown command '{unmatched[0]}' (commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))})"
                : $"unexpected argument '{unmatched[0]}' {see}";
        var first = parse.Errors.FirstOrDefault();
        return first is null ? "invalid command line" : first.Message.TrimEnd('.');
    }

    static bool LooksLikeOption(string token) =>
        token.StartsWith('-') && token.Length > 1 && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    static OptionResult? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult o => o,
        ArgumentResult { Parent: OptionResult o } => o,
        _ => null,
    };
}
