using Hades.Core.DataFree.Policies.Methods;

namespace Hades.Core.DataFree.Policies;

/// <summary>The policy family's methods by the name a config gives (see each class under <c>Methods/</c>).</summary>
public static class PolicyMethods
{
    public static readonly DistilMethodRegistry<PolicyDistilParts, PolicyMethod> Registry = new(
        new("gas", "GAS-style (reconstruction)", p => new GasPolicyMethod(p), HasGasKnobs: true),
        new("dfad", "DFAD", p => new DfadPolicyMethod(p)),
        new("dafl", "DAFL", p => new DaflPolicyMethod(p)),
        new("uniform", "uniform states", p => new UniformPolicyMethod(p)),
        new("rollouts", "policy distillation (rollouts)", p => new RolloutsPolicyMethod(p)));

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The one-line error for a method the family does not have.</summary>
    public static string Unknown(string method, IReadOnlyList<string> names) =>
        $"unknown method '{method}' for policy distillation (methods: {string.Join(", ", names)})";
}
