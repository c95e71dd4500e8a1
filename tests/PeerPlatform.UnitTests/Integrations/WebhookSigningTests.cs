using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PeerPlatform.Integrations.Delivery;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Integrations.Webhooks;
using StandardWebhooks;

namespace PeerPlatform.UnitTests.Integrations;

public sealed class WebhookSigningTests
{
    [Fact]
    public void The_signature_is_the_standard_hmac_of_id_timestamp_and_body_for_each_secret_in_force()
    {
        var first = SigningSecrets.New();
        var second = SigningSecrets.New();
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        const string body = "{\"type\":\"referral.received\"}";

        var header = WebhookSender.Signature("delivery-1", sentAt, body, [first, second]);

        var signatures = header.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.Equal(Expected(first, "delivery-1", 1_765_000_000, body), signatures[0]);
        Assert.Equal(Expected(second, "delivery-1", 1_765_000_000, body), signatures[1]);
    }

    [Fact]
    public void A_body_carries_the_type_time_event_id_and_data_and_the_published_library_verifies_it()
    {
        var occurredAt = DateTimeOffset.Parse("2026-12-07T10:15:30.123Z");
        var eventId = Guid.NewGuid();
        var published = PublishedEvent.Record(eventId, "referral.accepted", Guid.NewGuid(), [], occurredAt, "{\"referralId\":\"r-1\"}", occurredAt);
        var body = WebhookSender.Body(published);
        var secret = SigningSecrets.New();
        var now = DateTimeOffset.UtcNow;

        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal("referral.accepted", json["type"]!.GetValue<string>());
        Assert.Equal("2026-12-07T10:15:30.123Z", json["timestamp"]!.GetValue<string>());
        Assert.Equal(eventId.ToString(), json["eventId"]!.GetValue<string>());
        Assert.Equal("r-1", json["data"]!["referralId"]!.GetValue<string>());

        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "delivery-2",
            ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSender.Signature("delivery-2", now, body, [secret]),
        };
        new StandardWebhook(secret).Verify(body, headers);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(body + " ", headers));
    }

    private static string Expected(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}
