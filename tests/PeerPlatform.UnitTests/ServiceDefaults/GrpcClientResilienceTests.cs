using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Grpc;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.UnitTests.ServiceDefaults;

/// <summary>
/// The service defaults give every HttpClient a resilience handler (retries, timeouts). A gRPC
/// client must not get it: gRPC has its own retry policy and a blanket retry would repeat
/// non-idempotent calls. These tests count how many HTTP attempts one gRPC call makes.
/// </summary>
public sealed class GrpcClientResilienceTests
{
    [Fact]
    public async Task A_peer_grpc_client_makes_exactly_one_attempt_per_call()
    {
        var attempts = await AttemptsForOneFailingCallAsync(optOut: true);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Without_opting_out_the_defaults_would_retry_the_call()
    {
        // Proves the counting above can see retries: the same client without the opt-out retries.
        var attempts = await AttemptsForOneFailingCallAsync(optOut: false);
        Assert.True(attempts > 1, $"expected retries, saw {attempts} attempt(s)");
    }

    private static async Task<int> AttemptsForOneFailingCallAsync(bool optOut)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddServiceDefaults();
        var counter = new CountingHandler();
        const string address = "http://127.0.0.1:9"; // discard port: nothing listens
        var client = optOut
            ? builder.Services.AddPeerGrpcClient<ReferralService.ReferralServiceClient>(address)
            : builder.Services.AddGrpcClient<ReferralService.ReferralServiceClient>(o => o.Address = new Uri(address));
        client.AddHttpMessageHandler(() => counter);

        using var host = builder.Build();
        var referrals = host.Services.GetRequiredService<ReferralService.ReferralServiceClient>();
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            referrals.GetReferralAsync(new GetReferralRequest { ReferralId = Guid.NewGuid().ToString() }, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        return counter.Attempts;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int attempts;

        public int Attempts => attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref attempts);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
