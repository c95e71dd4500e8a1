using PeerPlatform.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class PassiveHealthChecksTests
{
    [Fact]
    public async Task A_cluster_without_health_checks_takes_failing_destinations_out_for_a_while()
    {
        var cluster = new ClusterConfig { ClusterId = "referral-http", HttpRequest = new() { Version = new Version(2, 0) } };

        var configured = await new PassiveHealthChecks().ConfigureClusterAsync(cluster, default);

        Assert.True(configured.HealthCheck!.Passive!.Enabled);
        Assert.Equal(HealthCheckConstants.PassivePolicy.TransportFailureRate, configured.HealthCheck.Passive.Policy);
        Assert.Equal(PassiveHealthChecks.ReactivationPeriod, configured.HealthCheck.Passive.ReactivationPeriod);
        Assert.Equal(cluster.HttpRequest, configured.HttpRequest);
    }

    [Fact]
    public async Task A_cluster_that_configures_its_own_passive_checks_keeps_them()
    {
        var own = new PassiveHealthCheckConfig { Enabled = false };
        var cluster = new ClusterConfig { ClusterId = "identity-http", HealthCheck = new HealthCheckConfig { Passive = own } };

        var configured = await new PassiveHealthChecks().ConfigureClusterAsync(cluster, default);

        Assert.Same(own, configured.HealthCheck!.Passive);
    }
}
