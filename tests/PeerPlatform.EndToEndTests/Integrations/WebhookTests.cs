using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PeerPlatform.Contracts.Referral.V1;
using StandardWebhooks;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests.Integrations;

/// <summary>
/// Webhooks through the gateway, to receivers on real loopback ports: signed deliveries within
/// seconds, retries through a receiver's outage with each event once and in its referral's order,
/// partners kept to their own organisation, and unsafe endpoints refused.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class WebhookTests(SuiteFixture suite)
{
    private static async Task<(string SubscriptionId, string Secret)> SubscribeAsync(HttpClient client, string url, params string[] eventTypes)
    {
        var created = await OkAsync(client, "/api/webhooks/subscriptions", new { url, eventTypes, description = "test receiver" });
        return (created["subscription"]!["subscriptionId"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    private static async Task<JsonArray> DeliveriesAsync(HttpClient client, string subscriptionId) =>
        (await GetOkAsync(client, $"/api/webhooks/subscriptions/{subscriptionId}/deliveries?pageSize=200"))["deliveries"]?.AsArray() ?? [];

    private static async Task<string> RaiseConcernAsync(HttpClient partner, string workerId, string urgency) =>
        (await OkAsync(partner, "/api/supervision/concerns", new
        {
            workerId,
            category = "CONCERN_CATEGORY_SAFEGUARDING",
            urgency,
            notes = "Confidential: the worker described a client's disclosure.",
        }))["concernId"]!.GetValue<string>();

    [Fact]
    public async Task An_immediate_concern_reaches_a_subscribed_trust_system_signed_within_seconds()
    {
        using (var admin = await suite.RestAsAsync("admin"))
        {
            await RegisterPartnerOrganisationsAsync(admin);
        }

        using var trust = await suite.RestAsAsync("integrator");
        using var partner = await suite.RestAsAsync("partner-a");
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var (subscriptionId, secret) = await SubscribeAsync(trust, receiver.Url("concerns"), "supervision.concern_raised");
        Assert.StartsWith("whsec_", secret);
        var (workerId, _) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 5);

        var raisedAt = DateTimeOffset.UtcNow;
        var concernId = await RaiseConcernAsync(partner, workerId, "CONCERN_URGENCY_IMMEDIATE");
        await EventuallyAsync(() => Task.FromResult(receiver.At("concerns").Any(r => r.Data["concernId"]?.GetValue<string>() == concernId)), "the concern is delivered");

        var delivery = Assert.Single(receiver.At("concerns"), r => r.Data["concernId"]?.GetValue<string>() == concernId);
        Assert.True(delivery.ReceivedAt - raisedAt < TimeSpan.FromSeconds(5), $"delivered {(delivery.ReceivedAt - raisedAt).TotalSeconds:F1} s after the concern was raised");
        Assert.Equal("supervision.concern_raised", delivery.Type);
        Assert.Equal("Immediate", delivery.Data["urgency"]!.GetValue<string>());
        Assert.Equal(OrganisationA, delivery.Data["organisationId"]!.GetValue<string>());
        Assert.Equal(workerId, delivery.Data["workerId"]!.GetValue<string>());
        Assert.DoesNotContain("Confidential", delivery.Body);

        // Signed as Standard Webhooks says: the published library accepts it, a wrong secret does not.
        var headers = new HeaderDictionary { ["webhook-id"] = delivery.Id, ["webhook-timestamp"] = delivery.Timestamp, ["webhook-signature"] = delivery.Signature };
        new StandardWebhook(secret).Verify(delivery.Body, headers);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
            new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(delivery.Body, headers));
        Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(delivery.Timestamp)) < 60);

        // The delivery log: one attempt, the receiver's status, no body.
        var logged = Assert.Single(await DeliveriesAsync(trust, subscriptionId), d => d!["deliveryId"]!.GetValue<string>() == delivery.Id)!;
        Assert.Equal("DELIVERY_STATUS_DELIVERED", logged["status"]!.GetValue<string>());
        Assert.Equal(204, logged["attempts"]![0]!["statusCode"]!.GetValue<int>());

        // A new secret signs alongside the old one during the overlap.
        var rotated = await OkAsync(trust, $"/api/webhooks/subscriptions/{subscriptionId}/rotate-secret", new { overlapHours = 1 });
        var newSecret = rotated["secret"]!.GetValue<string>();
        var second = await RaiseConcernAsync(partner, workerId, "CONCERN_URGENCY_ROUTINE");
        await EventuallyAsync(() => Task.FromResult(receiver.At("concerns").Any(r => r.Data["concernId"]?.GetValue<string>() == second)), "the second concern is delivered");
        var secondDelivery = receiver.At("concerns").Single(r => r.Data["concernId"]?.GetValue<string>() == second);
        Assert.True(WebhookSignatures.SignedWith(newSecret, secondDelivery));
        Assert.True(WebhookSignatures.SignedWith(secret, secondDelivery));

        // A re-send carries the same webhook-id.
        var resent = await OkAsync(trust, $"/api/webhooks/subscriptions/{subscriptionId}/deliveries/{delivery.Id}/resend", new { });
        Assert.Equal(2, resent["attemptCount"]!.GetValue<int>());
        Assert.Equal(2, receiver.At("concerns").Count(r => r.Id == delivery.Id));
    }

    [Fact]
    public async Task With_the_receiver_down_for_a_while_every_event_arrives_once_and_in_its_referrals_order()
    {
        using var trust = await suite.RestAsAsync("integrator");
        await using var receiver = new WebhookReceiver();
        var (subscriptionId, secret) = await SubscribeAsync(trust, receiver.Url("referrals"),
            "referral.received", "referral.information_given", "referral.consent_recorded", "referral.accepted", "referral.withdrawn");

        // The receiver is down (its port refuses connections) while three referrals move on.
        var expected = new Dictionary<string, List<string>>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await OkAsync(trust, "/api/referrals", ReferralPayloads.Json(ReferralSource.ClinicalTeam)))["referralId"]!.GetValue<string>();
            await OkAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "Peer support lead", givenOn = Today, method = "INFORMATION_METHOD_PHONE" });
            await OkAsync(trust, $"/api/referrals/{id}/consent", new { consentGiven = true });
            await OkAsync(trust, $"/api/referrals/{id}/accept", new { });
            expected[id] = ["referral.received", "referral.information_given", "referral.consent_recorded", "referral.accepted"];
            if (i == 2)
            {
                await OkAsync(trust, $"/api/referrals/{id}/withdraw", new { reason = "Moved out of the area" });
                expected[id].Add("referral.withdrawn");
            }
        }

        // Retries happen and fail while it is down.
        await EventuallyAsync(async () => (await DeliveriesAsync(trust, subscriptionId))
            .Count(d => d!["attempts"]?.AsArray().Any(a => a!["error"]?.GetValue<string>() == "connection_failed") == true) >= 3,
            "deliveries are attempted and fail while the receiver is down");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await receiver.StartAsync();

        var total = expected.Values.Sum(types => types.Count);
        await EventuallyAsync(() => Task.FromResult(receiver.Received.Select(r => r.Id).Distinct().Count() >= total), $"all {total} events arrive");
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything extra would arrive now

        Assert.Equal(total, receiver.Received.Count);
        Assert.All(receiver.Received.GroupBy(r => r.Id), sameId => Assert.Single(sameId));
        Assert.All(receiver.Received, r => Assert.True(WebhookSignatures.SignedWith(secret, r)));
        foreach (var (referralId, types) in expected)
        {
            var arrived = receiver.Received.Where(r => r.Data["referralId"]?.GetValue<string>() == referralId).Select(r => r.Type).ToList();
            Assert.Equal(types, arrived);
        }

        var deliveries = await DeliveriesAsync(trust, subscriptionId);
        Assert.All(deliveries, d => Assert.Equal("DELIVERY_STATUS_DELIVERED", d!["status"]!.GetValue<string>()));
        Assert.Contains(deliveries, d => d!["attemptCount"]!.GetValue<int>() > 1);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_delays_nobody_else()
    {
        using var trust = await suite.RestAsAsync("integrator");
        await using var slow = new WebhookReceiver { AnswerDelay = TimeSpan.FromSeconds(15) };
        await using var fast = new WebhookReceiver();
        await slow.StartAsync();
        await fast.StartAsync();
        var (slowSubscription, _) = await SubscribeAsync(trust, slow.Url("slow"), "referral.received");
        await SubscribeAsync(trust, fast.Url("fast"), "referral.received");

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = DateTimeOffset.UtcNow;
            var id = (await OkAsync(trust, "/api/referrals", ReferralPayloads.Json(ReferralSource.Self)))["referralId"]!.GetValue<string>();
            ids.Add(id);
            await EventuallyAsync(() => Task.FromResult(fast.Received.Any(r => r.Data["referralId"]?.GetValue<string>() == id)), "the fast receiver gets the referral");
            var arrived = fast.Received.Single(r => r.Data["referralId"]?.GetValue<string>() == id).ReceivedAt;
            Assert.True(arrived - created < TimeSpan.FromSeconds(3), $"the fast receiver waited {(arrived - created).TotalSeconds:F1} s behind the slow one");
        }

        // The slow receiver's attempt ran out of time (10 s) and is logged as such, to be retried.
        await EventuallyAsync(async () => (await DeliveriesAsync(trust, slowSubscription))
            .Any(d => d!["attempts"]?.AsArray().Any(a => a!["error"]?.GetValue<string>() == "timeout") == true), "the slow receiver's attempt times out");
    }

    [Fact]
    public async Task A_partners_subscription_and_feed_never_carry_another_organisations_events()
    {
        using (var admin = await suite.RestAsAsync("admin"))
        {
            await RegisterPartnerOrganisationsAsync(admin);
        }

        using var trust = await suite.RestAsAsync("integrator");
        using var partnerA = await suite.RestAsAsync("partner-a");
        using var partnerB = await suite.RestAsAsync("partner-b");
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        string[] types = ["supervision.concern_raised", "supervision.agreement_started", "workforce.worker_left"];
        var (subscriptionA, _) = await SubscribeAsync(partnerA, receiver.Url("partner-a"), types);
        var (subscriptionB, _) = await SubscribeAsync(partnerB, receiver.Url("partner-b"), types);

        var (workerA, _) = await SupervisedWorkerAsync(trust, OrganisationA, daysAgo: 3);
        var (workerB, _) = await SupervisedWorkerAsync(trust, OrganisationB, daysAgo: 3);
        var concernA = await RaiseConcernAsync(partnerA, workerA, "CONCERN_URGENCY_URGENT");
        var concernB = await RaiseConcernAsync(partnerB, workerB, "CONCERN_URGENCY_URGENT");

        // Each hears of its own concern; once the trust's feed holds both, every delivery that
        // will ever exist for them has been created (in the same transaction as the feed row).
        await EventuallyAsync(() => Task.FromResult(receiver.At("partner-a").Any(r => r.Data["concernId"]?.GetValue<string>() == concernA)), "partner A hears of its concern");
        await EventuallyAsync(() => Task.FromResult(receiver.At("partner-b").Any(r => r.Data["concernId"]?.GetValue<string>() == concernB)), "partner B hears of its concern");
        await EventuallyAsync(async () => (await FeedAsync(trust, "supervision.concern_raised")).Count(e => e["data"]!["concernId"]?.GetValue<string>() is { } id && (id == concernA || id == concernB)) == 2,
            "the trust's feed holds both concerns");

        Assert.All(receiver.At("partner-a"), r => Assert.NotEqual(OrganisationB, r.Data["organisationId"]?.GetValue<string>()));
        Assert.All(receiver.At("partner-b"), r => Assert.NotEqual(OrganisationA, r.Data["organisationId"]?.GetValue<string>()));
        Assert.DoesNotContain(receiver.At("partner-a"), r => r.Data["workerId"]?.GetValue<string>() == workerB);
        // Partner A's delivery log holds no delivery of B's concern (by its event id, the same in every subscription).
        var eventB = (await FeedAsync(trust, "supervision.concern_raised")).Single(e => e["data"]!["concernId"]?.GetValue<string>() == concernB)["eventId"]!.GetValue<string>();
        Assert.DoesNotContain(await DeliveriesAsync(partnerA, subscriptionA), d => d!["eventId"]!.GetValue<string>() == eventB);
        Assert.Contains(await DeliveriesAsync(partnerB, subscriptionB), d => d!["eventId"]!.GetValue<string>() == eventB);
        Assert.Contains(receiver.At("partner-a"), r => r.Type == "supervision.agreement_started" && r.Data["workerId"]?.GetValue<string>() == workerA);

        // The feed as each partner reads it.
        var feedA = await FeedAsync(partnerA, "supervision.concern_raised");
        Assert.Contains(feedA, e => e["data"]!["concernId"]?.GetValue<string>() == concernA);
        Assert.DoesNotContain(feedA, e => e["data"]!["organisationId"]?.GetValue<string>() != OrganisationA);
        Assert.DoesNotContain(await FeedAsync(partnerA, "referral.received"), e => true);

        // Subscriptions: a partner may not subscribe to the trust's referral events, nor see another's subscription.
        var (refused, problem) = await PostAsync(partnerA, "/api/webhooks/subscriptions", new { url = receiver.Url("x"), eventTypes = new[] { "referral.received" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("event_types[0]", problem.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await partnerA.GetAsync($"/api/webhooks/subscriptions/{subscriptionB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trust.GetAsync($"/api/webhooks/subscriptions/{subscriptionB}")).StatusCode);
        using var @operator = await suite.RestAsAsync("operator");
        Assert.Equal(HttpStatusCode.OK, (await @operator.GetAsync($"/api/webhooks/subscriptions/{subscriptionB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(@operator, "/api/webhooks/subscriptions", new { url = receiver.Url("x"), eventTypes = new[] { "referral.received" } })).Status);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://192.168.0.10/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("ftp://example.org/hooks")]
    [InlineData("http://example.org/hooks")]
    [InlineData("https://user:password@example.org/hooks")]
    public async Task An_endpoint_inside_the_platforms_network_or_not_https_is_refused(string url)
    {
        using var trust = await suite.RestAsAsync("integrator");
        var (status, body) = await PostAsync(trust, "/api/webhooks/subscriptions", new { url, eventTypes = new[] { "referral.received" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"url\"", body.ToJsonString());
    }

    [Fact]
    public async Task The_feed_gives_a_referrals_events_in_order_after_a_cursor_and_refuses_a_made_up_one()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var cursor = "";
        while (true)
        {
            var page = await GetOkAsync(trust, $"/api/events?after={cursor}&pageSize=500");
            cursor = page["nextCursor"]!.GetValue<string>();
            if ((page["events"]?.AsArray().Count ?? 0) == 0)
            {
                break;
            }
        }

        var head = cursor;
        var id = (await OkAsync(trust, "/api/referrals", ReferralPayloads.Json(ReferralSource.Self)))["referralId"]!.GetValue<string>();
        await OkAsync(trust, $"/api/referrals/{id}/information", new { givenBy = "Peer support lead", givenOn = Today, method = "INFORMATION_METHOD_VIDEO" });
        List<JsonObject> ours = [];
        await EventuallyAsync(async () =>
        {
            var events = (await GetOkAsync(trust, $"/api/events?after={head}&eventTypes=referral.received&eventTypes=referral.information_given"))["events"]?.AsArray() ?? [];
            ours = [.. events.Select(e => e!.AsObject()).Where(e => e["data"]!["referralId"]?.GetValue<string>() == id)];
            return ours.Count == 2;
        }, "the referral's two events are in the feed");
        Assert.Equal(["referral.received", "referral.information_given"], ours.Select(e => e["type"]!.GetValue<string>()));
        Assert.DoesNotContain(ours, e => e.ToJsonString().Contains("nhsNumber", StringComparison.OrdinalIgnoreCase));

        // Reading on from the last event's cursor finds nothing new, and keeps the cursor.
        var last = ours[^1]["cursor"]!.GetValue<string>();
        var after = await GetOkAsync(trust, $"/api/events?after={last}&eventTypes=referral.information_given");
        Assert.DoesNotContain(after["events"]?.AsArray() ?? [], e => e!["data"]!["referralId"]?.GetValue<string>() == id);

        var (status, body) = (await trust.GetAsync("/api/events?after=not-a-cursor")) is var response
            ? (response.StatusCode, await response.Content.ReadAsStringAsync())
            : default;
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("after", body);
    }

    private static async Task<List<JsonObject>> FeedAsync(HttpClient client, string eventType)
    {
        var events = new List<JsonObject>();
        var cursor = "";
        while (true)
        {
            var page = await GetOkAsync(client, $"/api/events?after={cursor}&eventTypes={eventType}&pageSize=500");
            var batch = page["events"]?.AsArray() ?? [];
            events.AddRange(batch.Select(e => e!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>() ?? "";
            if (batch.Count == 0)
            {
                return events;
            }
        }
    }
}
