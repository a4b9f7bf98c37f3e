using System.CommandLine;
using Hades.Host;
using Hades.Host.Cli;
using Hades.Host.Commands;
using Hades.Tests.Support;

namespace Hades.Tests.Host.Cli;

/// <summary>The command line on System.CommandLine: help generated from the declarations, response files,
/// completion, and the one-line error contract (in-process, through the same dispatcher as the executable).</summary>
public sealed class CommandDeclarationTests : IDisposable
{
    readonly TempDir dir = new();

    sealed record Result(int Code, string Out, string Err);

    static async Task<Result> Hades(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Program.RunAsync(args, CancellationToken.None, CommandTable.All, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static TheoryData<string> CommandNames() => [.. CommandTable.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Help_lists_every_declared_option_and_argument_of_the_command(string name)
    {
        var (root, _) = HadesCommandLine.Build(CommandTable.All, 120);
        var command = root.Subcommands.Single(c => c.Name == name);
        var r = await Hades(name, "--help");
        Assert.Equal(0, r.Code);
        Assert.StartsWith($"usage: hades {name}", r.Out);
        Assert.NotEmpty(command.Options.Cast<Symbol>().Concat(command.Arguments));
        var lines = r.Out.Split('\n');
        foreach (var option in command.Options)
        {
            // the option's row: its name and value name in the first column, its help text (first words) beside it
            var row = Array.FindIndex(lines, l => l.StartsWith($"  {HelpLayout.OptionLabel(option)}", StringComparison.Ordinal));
            Assert.True(row >= 0, $"{option.Name} missing from `hades {name} --help`:\n{r.Out}");
            string firstWords = string.Join(' ', option.Description!.Split(' ').Take(3));
            Assert.Contains(firstWords, string.Join(' ', lines[row..Math.Min(lines.Length, row + 2)].Select(l => l.Trim())));
        }
        foreach (var argument in command.Arguments)
            Assert.Contains(argument.HelpName!, r.Out);
        Assert.Contains("--help", r.Out);
    }

    [Fact]
    public async Task Top_level_help_lists_every_command_in_aligned_columns()
    {
        var r = await Hades("--help");
        Assert.Equal(0, r.Code);
        var rows = r.Out.Split('\n').SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(CommandTable.All.Select(c => c.Name), rows.Select(l => l.Trim().Split(' ')[0]));
        // the summaries start in one column
        Assert.Single(rows.Select(l => l.IndexOf(CommandTable.All.Single(c => c.Name == l.Trim().Split(' ')[0]).Summary, StringComparison.Ordinal)).Distinct());
        var bare = await Hades();
        Assert.Equal(2, bare.Code);
        Assert.Equal(r.Out, bare.Out);
    }

    [Fact]
    public async Task A_response_file_supplies_options()
    {
        string file = dir.Sub("args.rsp");
        File.WriteAllText(file, "--task acrobot\n--generations 7 --seed 3\n# a comment line\n--hidden 32,16\n");
        var parse = HadesCommandLine.Parse(["run", $"@{file}", "--mode", "F"]);
        Assert.Empty(parse.Errors);
        var config = ConfigOptions.Read(parse);
        Assert.Equal(("acrobot", 7, 3UL, global::Hades.Core.BehaviourDistillation.HadesModes.Parse("F")), (config.Task, config.Generations, config.Seed, config.Mode));
        Assert.Equal([32, 16], config.Hidden);

        File.WriteAllText(file, "--task nosuch\n");
        var r = await Hades("run", $"@{file}");
        AssertOneLine(r, 2, "unknown task 'nosuch'");
        AssertOneLine(await Hades("run", $"@{dir.Sub("missing.rsp")}"), 2, "missing.rsp");
    }

    [Theory]
    [InlineData("unknown option '--bogus' for 'hades run'", "run", "--bogus")]
    [InlineData("unknown option '--bogus' for 'hades resume'", "resume", "--bogus", "DIR")]
    [InlineData("unknown option '--nope' (see hades --help)", "--nope")]
    [InlineData("unexpected argument 'b' for 'hades resume'", "resume", "a", "b")]
    [InlineData("option --seed given twice", "run", "--seed", "1", "--seed", "2")]
    [InlineData("option --generations needs a value", "run", "--generations")]
    [InlineData("--population expects an integer (got '1e3')", "run", "--population", "1e3")]
    [InlineData("--final-eval-episodes must be ≥ 0", "run", "--final-eval-episodes", "-1")]
    [InlineData("--ask-timeout must be > 0", "seed", "--run-dir", "x", "--ask-timeout", "0")]
    [InlineData("option --repeats does not apply to 'hades bench' with --cluster", "bench", "--cluster", "--repeats", "2")]
    [InlineData("no completion script for 'fish'", "completion", "fish")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string expected, params string[] args) =>
        AssertOneLine(await Hades(args), 2, expected);

    [Fact]
    public async Task The_suggest_directive_completes_commands_options_and_values()
    {
        Assert.Contains("zero-shot", (await Hades("[suggest:4]", "zero")).Out.Split('\n'));
        Assert.Contains("--generations", (await Hades("[suggest:12]", "run --genera")).Out.Split('\n'));
        var labels = (await Hades("[suggest:13]", "run --labels ")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["fixed", "learned"], labels);
        Assert.Contains("breakout", (await Hades("[suggest:14]", "run --task bre")).Out.Split('\n'));
        var script = HadesProcess.Run("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        Assert.Equal(CompletionCommand.BashScript, script.Stdout);
        Assert.Contains("\"[suggest:${#line}]\"", script.Stdout);
    }

    [Fact]
    public void The_experiment_options_set_the_config_fields_they_name()
    {
        // every declared experiment option, given, changes the config (so none is declared but ignored)
        var baseline = global::Hades.Core.BehaviourDistillation.TaskPresets.For("cartpole", "quick", "hades");
        var values = new Dictionary<string, string>
        {
            ["--task"] = "acrobot", ["--preset"] = "paper", ["--method"] = "direct-es", ["--strategy"] = "snes", ["--hidden"] = "8,8",
            ["--activation"] = "tanh", ["--mode"] = "F", ["--labels"] = "learned", ["--shaping"] = "rank", ["--action-selection"] = "sample",
            ["--device"] = "cuda", ["--obs-norm"] = "fixed", ["--image-fitness"] = "loss", ["--ramping"] = "off", ["--policy-init"] = "orthogonal",
            ["--fitness-protocol"] = "finished-mean", ["--learners"] = "hidden=8|16", ["--sticky-actions"] = "0.25",
            ["--init-aggregate"] = "mean", // the cartpole default job's is min
            ["--eval-aggregate"] = "mean", // the cartpole default job's is min
        };
        foreach (var bound in ConfigOptions.All)
        {
            string value = values.GetValueOrDefault(bound.Option.Name, "0.123");
            if (bound.Option.ValueType == typeof(int) || bound.Option.ValueType == typeof(ulong)) value = "987";
            var parse = HadesCommandLine.Parse(["run", bound.Option.Name, value]);
            Assert.Empty(parse.Errors);
            Assert.NotEqual(baseline.ToJson(), bound.Apply(parse, baseline).ToJson());
        }
    }

    static void AssertOneLine(Result r, int code, string fragment)
    {
        Assert.True(r.Code == code, $"exit {r.Code}; stderr: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{r.Err}");
        Assert.StartsWith("hades: error:", lines[0]);
        Assert.Contains(fragment, lines[0]);
    }

    public void Dispose() => dir.Dispose();
}
