namespace Hades.Host.Hosting;

public static class ClusterRoles
{
    public const string Population = "population";
    public const string Evaluator = "evaluator";
}
