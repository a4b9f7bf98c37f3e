using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Hades.Host.Cli;

/// <summary>
/// Declares options: name, value name, help text and the rule that refuses a bad value, in one call. The parse
/// errors read as the home-made parser's did (<c>--generations expects an integer (got 'abc')</c>); the
/// dispatcher prints the first one as a single <c>hades: error:</c> line.
/// </summary>
public static class Opt
{
    /// <summary>A value the parser cannot accept: the message of the one error line.</summary>
    sealed class Refusal(string message) : Exception(message);

    /// <summary>A word. A value name that lists choices (<c>quick|paper</c>), or <paramref name="choices"/>, also
    /// feeds completion; the choices are checked where the config is validated, with its own messages.</summary>
    public static Option<string> String(string name, string valueName, string help, Func<string, string?>? check = null, IEnumerable<string>? choices = null)
    {
        var option = Single(name, valueName, help, text => text, check);
        var words = choices?.ToArray() ?? (valueName.Contains('|') ? valueName.Split('|') : []);
        if (words.Length > 0) option.CompletionSources.Add(words);
        return option;
    }

    public static Option<int> Int(string name, string help, Func<int, string?>? check = null, string valueName = "N") =>
        Single(name, valueName, help, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new Refusal($"--{name} expects an integer (got '{text}')"), check);

    public static Option<long> Long(string name, string help, Func<long, string?>? check = null, string valueName = "N") =>
        Single(name, valueName, help, text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v : throw new Refusal($"--{name} expects an integer (got '{text}')"), check);

    public static Option<ulong> ULong(string name, string help, string valueName = "N") =>
        Single(name, valueName, help, text => ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new Refusal($"--{name} expects a non-negative integer (got '{text}')"), null);

    /// <summary>A finite number (NaN and infinities are refused).</summary>
    public static Option<double> Double(string name, string help, Func<double, string?>? check = null, string valueName = "X") =>
        Single(name, valueName, help, text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new Refusal($"--{name} expects a number (got '{text}')"), check);

    /// <summary>Comma-separated integers such as <c>64,64</c>.</summary>
    public static Option<int[]> IntList(string name, string help, Func<int[], string?>? check = null, string valueName = "N,N") =>
        Single(name, valueName, help, text =>
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            var values = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                    throw new Refusal($"--{name} expects comma-separated integers such as 64,64 (got '{text}')");
            return values;
        }, check);

    /// <summary>An option without a value: given or not.</summary>
    public static Option<bool> Flag(string name, string help) =>
        new($"--{name}") { Description = help, Arity = ArgumentArity.Zero };

    /// <summary>
    /// An option whose value may be left out (<c>--dashboard</c>, <c>--dashboard 9000</c>, <c>--dashboard=9000</c>):
    /// it takes the next argument only when that is a non-negative integer, and reads as <c>bare</c> when given alone
    /// (<see cref="SeparateOptionalNumbers"/> marks a bare one before parsing).
    /// </summary>
    public static Option<string> OptionalNumber(string name, string valueName, string help, string bare)
    {
        OptionalNumberNames[$"--{name}"] = bare;
        return new Option<string>($"--{name}") { Description = help, HelpName = $"[{valueName}]", Arity = ArgumentArity.ExactlyOne };
    }

    static readonly Dictionary<string, string> OptionalNumberNames = [];

    /// <summary>Writes a bare optional-number option as <c>--name=BARE</c> (its value when given alone), so that a
    /// following word that is not a number stays an argument of its own (<c>hades resume --dashboard DIR</c>).</summary>
    public static string[] SeparateOptionalNumbers(IReadOnlyList<string> args)
    {
        var result = new string[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            bool numberFollows = i + 1 < args.Count && args[i + 1].Length > 0 && args[i + 1].All(char.IsAsciiDigit);
            result[i] = OptionalNumberNames.TryGetValue(args[i], out var bare) && !numberFollows ? $"{args[i]}={bare}" : args[i];
        }
        return result;
    }

    /// <summary>Every occurrence's value, comma-separated lists split: <c>--runs a --runs b,c</c>.</summary>
    public static Option<string[]> Repeated(string name, string valueName, string help)
    {
        var option = new Option<string[]>($"--{name}") { Description = help, HelpName = valueName, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        option.CustomParser = result => result.Tokens
            .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return option;
    }

    /// <summary>A positional argument; a word that looks like an option (<c>-x</c>, not a number) is refused as one.</summary>
    public static Argument<string[]> Positionals(string name, string help, int max = 100_000)
    {
        var argument = new Argument<string[]>(name)
        {
            Description = help, HelpName = name, Arity = new ArgumentArity(0, max),
            CustomParser = result => result.Tokens.Select(t => t.Value).ToArray(),
        };
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.StartsWith('-') && token.Value.Length > 1 && !double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    string command = result.Parent is CommandResult c ? c.Command.Name : "hades";
                    result.AddError($"unknown option '{token.Value}' for 'hades {command}' (see hades {command} --help)");
                    return;
                }
        });
        return argument;
    }

    static Option<T> Single<T>(string name, string valueName, string help, Func<string, T> parse, Func<T, string?>? check)
    {
        var option = new Option<T>($"--{name}") { Description = help, HelpName = valueName, Arity = ArgumentArity.ExactlyOne };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return default!;
            try
            {
                var value = parse(result.Tokens[^1].Value);
                if (check?.Invoke(value) is { } problem) result.AddError(problem);
                return value;
            }
            catch (Refusal refused)
            {
                result.AddError(refused.Message);
                return default!;
            }
        };
        return option;
    }
}
