using Hades.Core.Envs.MinAtar;

namespace Hades.Core.Envs;

/// <summary>The tasks Hades knows, by command-line name.</summary>
public static class TaskRegistry
{
    static readonly Dictionary<string, (EnvSpec Spec, Func<int, IVectorEnv> Create)> Tasks = new()
    {
        ["cartpole"] = (CartPole.SpecFor, n => new CartPole(n)),
        ["acrobot"] = (Acrobot.SpecFor, n => new Acrobot(n)),
        ["mountaincar"] = (MountainCar.SpecFor, n => new MountainCar(n)),
        ["breakout"] = (Breakout.SpecFor, n => new Breakout(n)),
        ["space-invaders"] = (SpaceInvaders.SpecFor, n => new SpaceInvaders(n)),
        ["asterix"] = (Asterix.SpecFor, n => new Asterix(n)),
        ["freeway"] = (Freeway.SpecFor, n => new Freeway(n)),
        ["seaquest"] = (Seaquest.SpecFor, n => new Seaquest(n)),
        ["pendulum"] = (Pendulum.SpecFor, n => new Pendulum(n)),
        ["mountaincar-continuous"] = (MountainCarContinuous.SpecFor, n => new MountainCarContinuous(n)),
        // MuJoCo (Gymnasium v5 semantics; need libmujoco2.2.2 and the native shim, else a HadesUserException).
        ["hopper"] = (Mujoco.Hopper.SpecFor, n => new Mujoco.Hopper(n)),
        ["walker2d"] = (Mujoco.Walker2d.SpecFor, n => new Mujoco.Walker2d(n)),
        ["halfcheetah"] = (Mujoco.HalfCheetah.SpecFor, n => new Mujoco.HalfCheetah(n)),
        ["ant"] = (Mujoco.Ant.SpecFor, n => new Mujoco.Ant(n)),
        ["humanoid"] = (Mujoco.Humanoid.SpecFor, n => new Mujoco.Humanoid(n)),
        ["inverted-double-pendulum"] = (Mujoco.InvertedDoublePendulum.SpecFor, n => new Mujoco.InvertedDoublePendulum(n)),
    };

    public static IReadOnlyCollection<string> Names => Tasks.Keys;

    public static EnvSpec Spec(string task) => Lookup(task).Spec;

    public static Func<int, IVectorEnv> Factory(string task) => Lookup(task).Create;

    /// <summary>The task's factory with a sticky-action probability for the MinAtar-style games (other tasks have
    /// no sticky actions and ignore it).</summary>
    public static Func<int, IVectorEnv> Factory(string task, double stickyActions) => task switch
    {
        "breakout" => n => new Breakout(n, stickyActions),
        "space-invaders" => n => new SpaceInvaders(n, stickyActions),
        "asterix" => n => new Asterix(n, stickyActions),
        "freeway" => n => new Freeway(n, stickyActions),
        "seaquest" => n => new Seaquest(n, stickyActions),
        _ => Factory(task),
    };

    static (EnvSpec Spec, Func<int, IVectorEnv> Create) Lookup(string task) =>
        Tasks.TryGetValue(task, out var entry)
            ? entry
            : throw new HadesUserException($"unknown task '{task}' (known tasks: {string.Join(", ", Tasks.Keys)})");
}
