using System.CommandLine;
using System.CommandLine.Parsing;
using Hades.Core;

namespace Hades.Host.Cli;

/// <summary>Reading a parse: whether an option was given, and its value or null when it was not (so a
/// preset's or a run's own setting stays).</summary>
public static class ParseResultValues
{
    public static bool Given(this ParseResult parse, Option option) =>
        parse.GetResult(option) is OptionResult { Implicit: false };

    public static T? NumberOrNull<T>(this ParseResult parse, Option<T> option) where T : struct =>
        parse.Given(option) ? parse.GetValue(option) : null;

    public static T? ValueOrNull<T>(this ParseResult parse, Option<T> option) where T : class =>
        parse.Given(option) ? parse.GetValue(option) : null;

    /// <summary>The positional arguments of the command (its one declared argument list).</summary>
    public static IReadOnlyList<string> Positionals(this ParseResult parse) =>
        parse.CommandResult.Command.Arguments.OfType<Argument<string[]>>().FirstOrDefault() is { } argument
            ? parse.GetValue(argument) ?? [] : [];

    /// <summary>Refuses the given options that do not apply on this path of the command (such as --generations
    /// when resuming a distillation run): typos and misplaced options never pass silently.</summary>
    public static void RejectUnless(this ParseResult parse, string command, string where, params Option[] allowed)
    {
        var given = parse.CommandResult.Children.OfType<OptionResult>()
            .Where(o => !o.Implicit && !allowed.Contains(o.Option) && o.Option is not System.CommandLine.Help.HelpOption)
            .Select(o => o.Option.Name).FirstOrDefault();
        if (given != null) throw new HadesUserException($"option {given} does not apply to 'hades {command}' {where}");
    }

    /// <summary>The number of positionals must lie in [min, max].</summary>
    public static IReadOnlyList<string> ExpectPositionals(this ParseResult parse, string command, int min, string usage)
    {
        var positionals = parse.Positionals();
        if (positionals.Count < min) throw new HadesUserException($"'hades {command}' needs {usage} (see hades {command} --help)");
        return positionals;
    }
}
