using System.CommandLine;

namespace Hades.Host.Cli;

/// <summary>An option bound to one field of a config record (<c>config.json</c>, <c>distil.json</c>, <c>ppo.json</c>):
/// the same declaration parses the value, documents it in help and sets the field when the option is given.</summary>
public sealed record BoundOption<TConfig>(Option Option, Func<ParseResult, TConfig, TConfig> Apply);

public static class BoundOption
{
    public static BoundOption<TConfig> Bind<TConfig, T>(Option<T> option, Func<TConfig, T, TConfig> set) =>
        new(option, (parse, config) => parse.Given(option) ? set(config, parse.GetValue(option)!) : config);

    /// <summary>Applies every given option of <paramref name="group"/> over <paramref name="config"/>.</summary>
    public static TConfig ApplyAll<TConfig>(this IEnumerable<BoundOption<TConfig>> group, ParseResult parse, TConfig config) =>
        group.Aggregate(config, (c, bound) => bound.Apply(parse, c));

    /// <summary>Adds options (single ones and groups, spread) to a command.</summary>
    public static void AddOptions(this Command command, IEnumerable<Option> options)
    {
        foreach (var option in options) command.Add(option);
    }

    public static void AddTo<TConfig>(this IEnumerable<BoundOption<TConfig>> group, Command command)
    {
        foreach (var bound in group) command.Add(bound.Option);
    }
}
