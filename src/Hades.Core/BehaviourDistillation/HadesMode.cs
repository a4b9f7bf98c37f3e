namespace Hades.Core.BehaviourDistillation;

/// <summary>HaDES-R trains candidates from fresh inits every generation (datasets that generalise across
/// inits); HaDES-F always uses one fixed init (a neuroevolution method).</summary>
public enum HadesMode { R, F }
