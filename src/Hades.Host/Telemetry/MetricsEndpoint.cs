using Hades.Actors.Telemetry;
using Hades.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Hades.Host.Telemetry;

/// <summary>
/// The OpenTelemetry SDK listening to the "Hades" meter (<see cref="HadesMetrics"/>), exported through the
/// stand-alone Prometheus HttpListener at <c>/metrics</c>. Disposing it stops the listener.
/// </summary>
public static class MetricsEndpoint
{
    public static MeterProvider Start(MetricsOptions options)
    {
        try
        {
            return Sdk.CreateMeterProviderBuilder()
                .AddMeter(HadesMetrics.MeterName)
                .AddPrometheusHttpListener(o =>
                {
                    o.Port = options.Port;
                    o.ConfigureHttpListener = (_, listener) =>
                    {
                        listener.Prefixes.Clear();
                        listener.Prefixes.Add(options.Prefix + "metrics/");
                    };
                })
                .Build();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.HttpListenerException)
        {
            throw new HadesUserException($"cannot serve metrics on {options.Prefix} ({e.GetBaseException().Message})");
        }
    }
}
