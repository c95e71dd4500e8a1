using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Bench.Load;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// What a webhook subscription adds to creating a referral: the same creates through the gateway
/// without a subscription and with one receiving every referral.received (to a loopback receiver
/// that answers at once), in mirrored rounds (without, with, with, without), each at the same
/// fixed rate well below saturation, so both do the same number of creates and the CPU difference
/// is the deliveries' work (a closed loop at saturation also spreads every fixed cost over fewer
/// creates, and read 1.051× and 1.243× in two runs). The figure is the CPU of every process but the
/// runner per create: the delivery is made off the caller's path, and the runner is left out
/// because it is also the receiver, the integrator's own system.
/// </summary>
public static class WebhookScenario
{
    private const int Rounds = 4;

    /// <summary>Creates per second in every round: under a third of what the closed loop reaches here.</summary>
    private const double Rate = 100;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSuite suite, BenchSettings settings, string token, TextWriter log)
    {
        using var gateway = ReadScenarios.Client(suite.Gateway, token);
        var without = new List<LoadResult>();
        var with = new List<LoadResult>();
        long created = 0, deliveredBefore = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var subscribed = round is 1 or 2;
            string? subscriptionId = null;
            if (subscribed)
            {
                subscriptionId = await SubscribeAsync(gateway, suite.WebhookReceiver);
                deliveredBefore = suite.WebhooksReceived;
            }

            var result = await LoadGenerator.FixedRateAsync(
                $"create at {Rate:0}/s, {(subscribed ? "a webhook subscription active" : "no subscription")} (round {round + 1} of {Rounds})",
                Rate, settings.Duration / 2, async ct =>
                {
                    using var response = await gateway.PostAsJsonAsync("/api/referrals", ReadScenarios.NewReferral(), ct);
                    return LoadGenerator.Succeeded(response);
                }, measured: false);
            log.WriteLine(result);
            (subscribed ? with : without).Add(result);
            if (subscriptionId is not null)
            {
                // Every create of the round (and of its warm-up) is delivered before the next round.
                created = await DeliveredAsync(suite, deliveredBefore, TimeSpan.FromSeconds(60));
                using var deleted = await gateway.DeleteAsync($"/api/webhooks/subscriptions/{subscriptionId}");
                deleted.EnsureSuccessStatusCode();
            }
        }

        var withSubscription = LoadResult.Combine("create, a webhook subscription active", with);
        var withoutSubscription = LoadResult.Combine("create, no subscription", without);
        var cpuWith = PlatformCpuMs(withSubscription);
        var cpuWithout = PlatformCpuMs(withoutSubscription);
        var ratio = cpuWith / cpuWithout;
        return
        [
            new Figure("Create a referral with a webhook subscription active (CPU per create, every process but the runner, which is also the receiver)",
                $"{cpuWith:0.00} ms", $"without a subscription {cpuWithout:0.00} ms", Format.Times(ratio), "≤ 1.10×", ratio <= 1.10,
                $"at {Rate:0} creates/s in both; p90 {Format.Ms(withSubscription.LatencyMs(90))} against {Format.Ms(withoutSubscription.LatencyMs(90))}; {created} deliveries received in the last round, every one before the subscription was deleted",
                Problem: ReadScenarios.Failures(withSubscription, withoutSubscription), Gate: new("webhooks.cpu_ratio", ratio, HigherIsBetter: false)),
        ];
    }

    private static double PlatformCpuMs(LoadResult run) =>
        run.Cpu!.SecondsByGroup.Where(g => g.Key != "runner").Sum(g => g.Value) * 1000 / run.Succeeded;

    private static async Task<string> SubscribeAsync(HttpClient gateway, string url)
    {
        using var response = await gateway.PostAsJsonAsync("/api/webhooks/subscriptions", new { url, eventTypes = new[] { "referral.received" }, description = "benchmark" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["subscription"]!["subscriptionId"]!.GetValue<string>();
    }

    /// <summary>Waits until deliveries stop arriving (the backlog is drained); returns how many arrived since <paramref name="before"/>.</summary>
    private static async Task<long> DeliveredAsync(BenchSuite suite, long before, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var last = -1L;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = suite.WebhooksReceived - before;
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
