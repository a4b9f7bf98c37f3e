using System.CommandLine;
using Hades.Host.Commands;

namespace Hades.Host.Cli;

/// <summary>The layout of <c>hades --help</c> and <c>hades COMMAND --help</c>: a usage line and the command's
/// description, then aligned, wrapped columns generated from the declared arguments, options and commands
/// (System.CommandLine 2.0's own HelpBuilder is internal, so the layout is ours; the content is the declarations').</summary>
public static class HelpLayout
{
    public const string Tagline = "hades: behaviour distillation with HaDES (evolve tiny synthetic datasets that train good policies)";

    /// <summary>Writes the help of <paramref name="command"/>: usage, description, then aligned and wrapped
    /// columns generated from the declared arguments, options and subcommands.</summary>
    public static void Write(Command command, IReadOnlyDictionary<Command, ICommand> commands, TextWriter output, int width)
    {
        output.WriteLine(Usage(command));
        output.WriteLine();
        string text = command is RootCommand ? Tagline : commands.TryGetValue(command, out var c) ? c.Description : command.Description ?? "";
        if (text.Trim().Length > 0)
        {
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }
        var sections = new List<(string Title, List<(string Label, string Help)> Rows)>
        {
            ("Arguments:", command.Arguments.Where(a => !a.Hidden).Select(a => (a.HelpName ?? a.Name, a.Description ?? "")).ToList()),
            ("Options:", command.Options.Concat(RecursiveOptions(command)).Where(o => !o.Hidden).Distinct().Select(o => (OptionLabel(o), o.Description ?? "")).ToList()),
            ("Commands:", command.Subcommands.Where(s => !s.Hidden).Select(s => (s.Name, s.Description ?? "")).ToList()),
        };
        foreach (var (title, rows) in sections.Where(s => s.Rows.Count > 0))
        {
            output.WriteLine(title);
            Columns(rows, output, width);
            output.WriteLine();
        }
        if (command is RootCommand) Examples(output);
    }

    /// <summary>Options declared on an ancestor for every subcommand (such as --help).</summary>
    static IEnumerable<Option> RecursiveOptions(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).Concat(RecursiveOptions(p)));

    public static string OptionLabel(Option option)
    {
        var names = option.Aliases.Where(a => a.StartsWith("-") && !a.StartsWith("/")).OrderBy(a => a.Length).Append(option.Name).Distinct();
        string value = option.Arity.MaximumNumberOfValues == 0 ? ""
            : option.Arity.MinimumNumberOfValues == 0 ? $" [{option.HelpName ?? "VALUE"}]" : $" {option.HelpName ?? "VALUE"}";
        return string.Join(", ", names) + value;
    }

    /// <summary>Two columns: labels padded to one width (at most a third of the line), help wrapped at word breaks.</summary>
    public static void Columns(IReadOnlyList<(string Label, string Help)> rows, TextWriter output, int width)
    {
        const int indent = 2, gap = 2;
        int labelWidth = Math.Min(rows.Max(r => r.Label.Length), Math.Max(20, width / 3));
        int helpWidth = Math.Max(30, width - indent - labelWidth - gap);
        string pad = new(' ', indent + labelWidth + gap);
        foreach (var (label, help) in rows)
        {
            var lines = Wrap(help, helpWidth);
            if (label.Length > labelWidth)
            {
                output.WriteLine(new string(' ', indent) + label);
                foreach (var line in lines) output.WriteLine(pad + line);
                continue;
            }
            output.WriteLine((new string(' ', indent) + label.PadRight(labelWidth + gap) + lines.FirstOrDefault()).TrimEnd());
            foreach (var line in lines.Skip(1)) output.WriteLine(pad + line);
        }
    }

    static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>The width help wraps at: the terminal's, or 120 columns when the output goes to a file or pipe.</summary>
    public static int Width(TextWriter output)
    {
        if (!ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected) return 120;
        try { return Math.Max(80, System.Console.WindowWidth); } catch (IOException) { return 120; }
    }

    public static string Usage(Command command) => command is RootCommand
        ? "usage: hades COMMAND [options]      (hades COMMAND --help for its options)"
        : $"usage: hades {command.Name}{string.Concat(command.Arguments.Select(a => $" {ArgumentLabel(a)}"))} [options]";

    static string ArgumentLabel(Argument argument) => argument.Arity.MinimumNumberOfValues switch
    {
        0 when argument.Arity.MaximumNumberOfValues > 1 => $"[{argument.HelpName} ...]",
        0 => $"[{argument.HelpName}]",
        _ when argument.Arity.MaximumNumberOfValues > argument.Arity.MinimumNumberOfValues => $"{argument.HelpName} [{argument.HelpName} ...]",
        _ => argument.HelpName ?? argument.Name,
    };

    static void Examples(TextWriter output)
    {
        output.WriteLine("""
            Examples:
              hades run                                  # HaDES on CartPole with the defaults
              hades run --task acrobot --seed 1 --generations 50 --run-dir runs/acro1
              hades resume runs/acro1                    # continue after a kill or Ctrl-C
              hades eval runs/acro1 --episodes 100 --hidden 256,256
              hades seed --run-dir runs/c1 --port 4053   # cluster: population node ...
              hades worker --seed-node akka.tcp://hades@127.0.0.1:4053   # ... and any number of workers
              hades campaign sweep.json                  # a resumable queue of experiments
              hades status runs/sweep                    # progress of a run or campaign
              hades dashboard --runs runs                # live web view on http://127.0.0.1:8400/
              hades run --task breakout --mode F         # MinAtar-style game, SNES preset
              hades run --task fashion-mnist             # 1 synthetic image per class
              hades ppo --task acrobot --seed 1          # the PPO expert/baseline
              hades distil --task cartpole --method gas  # data-free distillation of the PPO teacher
              hades report runs/                         # results table over finished runs
              hades bench                                # the benchmark suite (docs/benchmarks.md)
              hades run @my-settings.rsp                 # options from a response file (one or more per line)
              source <(hades completion bash)            # tab completion of commands, options and values
            """.TrimEnd());
    }
}
