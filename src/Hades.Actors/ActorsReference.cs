using Akka.Configuration;

namespace Hades.Actors;

/// <summary>The actors layer's defaults: <c>reference.conf</c>, embedded in this assembly. Every node loads it as the
/// last fallback of its configuration (deployment files and command-line settings override it).</summary>
public static class ActorsReference
{
    const string ResourceName = "Hades.Actors.reference.conf";

    static readonly Lazy<Config> config = new(() =>
    {
        using var stream = typeof(ActorsReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Hades.Actors");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    });

    public static Config Config => config.Value;
}
