namespace Hades.Host.Commands;

public static class CommandTable
{
    public static readonly ICommand[] All =
        [new RunCommand(), new ResumeCommand(), new EvalCommand(), new CampaignCommand(), new StatusCommand(), new ExportCommand(), new GeneraliseCommand(), new ZeroShotCommand(), new PpoCommand(), new DistilCommand(), new ReportCommand(), new SeedCommand(), new WorkerCommand(), new BenchCommand(), new DashboardCommand()];

    public static string Usage() => $"""
        hades: behaviour distillation with HaDES (evolve tiny synthetic datasets that train good policies)

        usage: hades COMMAND [options]      (hades COMMAND --help for its options)

        commands:
        {string.Join('\n', All.Select(c => $"  {c.Name,-8} {c.Summary}"))}

        examples:
          hades run                                  # HaDES on CartPole with the defaults
          hades run --task acrobot --seed 1 --generations 50 --run-dir runs/acro1
          hades resume runs/acro1                    # continue after a kill or Ctrl-C
          hades eval runs/acro1 --episodes 100 --hidden 256,256
          hades seed --run-dir runs/c1 --port 4053     # cluster: population node ...
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
        """;
}
