using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace PeerPlatform.Gateway.Routing;

/// <summary>
/// Every cluster takes a destination that keeps failing at the transport (refused, reset) out of
/// rotation for 15 s, unless its configuration says otherwise. Where service discovery lists
/// several replicas (podman, a local run), a dead one would otherwise keep its share of the calls;
/// behind a Kubernetes Service there is one destination and this changes nothing
/// (docs/deployment.md#what-peer-cluster-test-proves).
/// </summary>
public sealed class PassiveHealthChecks : IProxyConfigFilter
{
    public static readonly TimeSpan ReactivationPeriod = TimeSpan.FromSeconds(15);

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
        ValueTask.FromResult(cluster.HealthCheck?.Passive is not null ? cluster : cluster with
        {
            HealthCheck = (cluster.HealthCheck ?? new HealthCheckConfig()) with
            {
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = ReactivationPeriod,
                },
            },
        });

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => ValueTask.FromResult(route);
}
