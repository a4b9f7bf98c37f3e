namespace Hades.Host.Commands;

/// <summary>A `hades` subcommand.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    string Help { get; }
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel);
}
