using System.CommandLine;
using Hades.Core.Runs;
using Hades.Host.Hosting;

namespace Hades.Host.Cli;

/// <summary><c>--journal</c> and <c>--pg-connection</c>: where a run or campaign is journalled.</summary>
public static class JournalOptions
{
    public static readonly Option<string> Journal = Opt.String("journal", "sqlite|postgres", "journal store (default: as recorded in the run dir, else sqlite)");

    public static readonly Option<string> PgConnection = Opt.String("pg-connection", "CS",
        $"PostgreSQL connection string (default: ${JournalChoice.ConnectionVariable}, else {JournalChoice.DefaultPostgres})");

    public static readonly Option[] All = [Journal, PgConnection];

    public static JournalChoice Read(ParseResult parse, RunDirectory run) =>
        JournalChoice.Read(parse.ValueOrNull(Journal), parse.ValueOrNull(PgConnection), run);

    public static JournalChoice Read(ParseResult parse, string? recordedKind) =>
        JournalChoice.Read(parse.ValueOrNull(Journal), parse.ValueOrNull(PgConnection), recordedKind);
}
