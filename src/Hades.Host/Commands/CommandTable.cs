namespace Hades.Host.Commands;

/// <summary>The commands of `hades`, in the order help lists them.</summary>
public static class CommandTable
{
    public static ICommand[] All =>
        [new RunCommand(), new ResumeCommand(), new EvalCommand(), new CampaignCommand(), new StatusCommand(), new ExportCommand(), new GeneraliseCommand(), new ZeroShotCommand(), new PpoCommand(), new DistilCommand(), new ReportCommand(), new SeedCommand(), new WorkerCommand(), new BenchCommand(), new DashboardCommand(), new CompletionCommand()];
}
