using System.CommandLine;

namespace Hades.Host.Commands;

/// <summary>A `hades` subcommand: its declarations (arguments and options, from which parsing, help and
/// completion are generated) and what it does with a parse of them.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line, for the list of commands.</summary>
    string Summary { get; }

    /// <summary>What the command does, for its help (the options are listed from their declarations).</summary>
    string Description { get; }

    /// <summary>Adds the command's arguments and options to <paramref name="command"/>.</summary>
    void Declare(Command command);

    Task<int> RunAsync(ParseResult parse, CancellationToken cancel);
}
