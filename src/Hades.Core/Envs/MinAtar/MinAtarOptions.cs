namespace Hades.Core.Envs.MinAtar;

/// <summary>
/// The options every MinAtar-style game takes (config fields <c>sticky_actions</c> and <c>ramping</c>, options
/// <c>--sticky-actions P</c> and <c>--ramping on|off</c>).
/// <list type="bullet">
/// <item><see cref="StickyActions"/>: probability in [0, 1] that a step executes the previous action instead of the
/// chosen one. Default 0, the paper's setting (HaDES ran gymnax's MinAtar without sticky actions) and that of both
/// presets; MinAtar's own library default is <see cref="MinAtarEnv.MinAtarLibraryStickyProbability"/> (0.1).</item>
/// <item><see cref="Ramping"/>: the games' difficulty ramps (MinAtar's and gymnax's default: on). Freeway has no ramp
/// in MinAtar, so it ignores the flag.</item>
/// </list>
/// </summary>
public sealed record MinAtarOptions(double StickyActions = 0.0, bool Ramping = true)
{
    /// <summary>Sticky actions 0, ramping on: what the presets and every task without a config use.</summary>
    public static MinAtarOptions Default { get; } = new();

    /// <summary>Checks the options; a bad value becomes a one-line <see cref="HadesUserException"/>.</summary>
    public MinAtarOptions Validate()
    {
        if (!(StickyActions >= 0 && StickyActions <= 1))
            throw new HadesUserException($"sticky-actions must lie in [0, 1] (got {StickyActions})");
        return this;
    }

    /// <summary>"on" / "off" (also true/false, yes/no, 1/0) as a ramping flag.</summary>
    public static bool ParseRamping(string value) => value.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => true,
        "off" or "false" or "no" or "0" => false,
        _ => throw new HadesUserException($"ramping must be on or off (got '{value}')"),
    };
}
