using System.Net;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Integrations.Events;

namespace PeerPlatform.UnitTests.Integrations;

public sealed class WebhookDeliveryRulesTests
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), TimeSpan.FromHours(24));

    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(5, 40, 80)]
    [InlineData(20, 1800, 3600)]
    public void Retries_back_off_exponentially_within_the_upper_half_of_each_delay_up_to_the_cap(int attempts, double lowest, double highest)
    {
        Assert.Equal(lowest, Schedule.DelayAfter(attempts, 0).TotalSeconds, 3);
        Assert.Equal(highest, Schedule.DelayAfter(attempts, 1).TotalSeconds, 3);
        var random = Schedule.DelayAfter(attempts, 0.37).TotalSeconds;
        Assert.InRange(random, lowest, highest);
    }

    [Fact]
    public void A_delivery_retries_until_it_is_a_day_old_then_gives_up_and_a_later_success_still_counts()
    {
        var subscription = Subscription.Create("https://receiver.example/hooks", ["referral.received"], "", null, "trust", "protected", DateTimeOffset.UtcNow);
        var delivery = Delivery(subscription, DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

        Assert.False(delivery.Attempted(Failure(DateTimeOffset.Parse("2026-12-01T09:00:00Z")), Schedule, 0));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T09:00:02.5Z"), delivery.NextAttemptAt);

        Assert.True(delivery.Attempted(Failure(DateTimeOffset.Parse("2026-12-02T09:00:00Z")), Schedule, 0));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        subscription.DeliveryGaveUp(DateTimeOffset.Parse("2026-12-02T09:00:00Z"));
        Assert.Equal(SubscriptionStatus.Failing, subscription.Status);

        // A re-send that gets through.
        Assert.False(delivery.Attempted(Failure(DateTimeOffset.Parse("2026-12-02T10:00:00Z")) with { StatusCode = 200, Error = "" }, Schedule, 0));
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        subscription.DeliverySucceeded();
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(3, delivery.AttemptCount);
        Assert.Equal([1, 2, 3], delivery.Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void The_log_keeps_the_last_twenty_attempts_and_counts_them_all()
    {
        var subscription = Subscription.Create("https://receiver.example/hooks", ["referral.received"], "", null, "trust", "protected", DateTimeOffset.UtcNow);
        var start = DateTimeOffset.UtcNow;
        var delivery = Delivery(subscription, start);
        for (var i = 0; i < 25; i++)
        {
            delivery.Attempted(Failure(start.AddMinutes(i)), Schedule, 0.5);
        }

        Assert.Equal(25, delivery.AttemptCount);
        Assert.Equal(WebhookDelivery.AttemptsKept, delivery.Attempts.Count);
        Assert.Equal(25, delivery.Attempts[^1].Attempt);
    }

    [Fact]
    public void After_a_rotation_both_secrets_sign_until_the_overlap_ends_and_a_deleted_subscription_changes_no_more()
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        var subscription = Subscription.Create("https://receiver.example/hooks", ["referral.received"], "", null, "trust", "first", now);

        subscription.RotateSecret("second", TimeSpan.FromHours(24), now);

        Assert.Equal(["second", "first"], subscription.SigningSecrets(now.AddHours(23)));
        Assert.Equal(["second"], subscription.SigningSecrets(now.AddHours(25)));
        subscription.RotateSecret("third", TimeSpan.Zero, now);
        Assert.Equal(["third"], subscription.SigningSecrets(now));

        subscription.Delete(now);
        Assert.False(subscription.Receives("referral.received"));
        Assert.Throws<PeerPlatform.SharedKernel.DomainRuleViolationException>(() => subscription.Change("https://other.example/", [], null));
    }

    [Theory]
    [InlineData("https://receiver.example/hooks", true)]
    [InlineData("https://203.0.113.7/hooks", true)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://10.0.0.5/", false)]
    [InlineData("https://172.20.1.1/", false)]
    [InlineData("https://192.168.1.1/", false)]
    [InlineData("https://100.64.0.1/", false)]
    [InlineData("https://[::1]/", false)]
    [InlineData("https://[fe80::1]/", false)]
    [InlineData("https://[fd12::1]/", false)]
    [InlineData("https://[::ffff:10.0.0.1]/", false)]
    [InlineData("https://localhost/", false)]
    [InlineData("http://receiver.example/", false)]
    [InlineData("ftp://receiver.example/", false)]
    [InlineData("https://user:pass@receiver.example/", false)]
    [InlineData("/relative", false)]
    public void Only_https_endpoints_outside_private_networks_may_receive_webhooks(string url, bool allowed)
    {
        var targets = new WebhookTargets(allowLoopback: false, []);
        Assert.Equal(allowed, targets.Problem(url) is null);
    }

    [Fact]
    public void Loopback_and_a_named_private_network_are_allowed_only_when_configured()
    {
        var strict = new WebhookTargets(false, []);
        var local = new WebhookTargets(true, [IPNetwork.Parse("10.20.0.0/16")]);

        Assert.False(strict.Allows(IPAddress.Loopback));
        Assert.True(local.Allows(IPAddress.Loopback));
        Assert.True(local.Allows(IPAddress.Parse("10.20.3.4")));
        Assert.False(local.Allows(IPAddress.Parse("10.21.3.4")));
        Assert.False(local.Allows(IPAddress.Parse("169.254.169.254")));
        Assert.Null(local.Problem("http://127.0.0.1:5000/hooks"));
        Assert.NotNull(local.Problem("http://receiver.example/hooks"));
    }

    [Fact]
    public void A_cursor_reads_back_what_was_written_and_refuses_anything_else()
    {
        Assert.True(EventCursor.TryRead(EventCursor.After(123_456), out var sequence));
        Assert.Equal(123_456, sequence);
        Assert.True(EventCursor.TryRead("", out var start));
        Assert.Equal(0, start);
        Assert.False(EventCursor.TryRead("123456", out _));
        Assert.False(EventCursor.TryRead("not a cursor!", out _));
    }

    private static WebhookDelivery Delivery(Subscription subscription, DateTimeOffset createdAt) =>
        WebhookDelivery.For(subscription, PublishedEvent.Record(Guid.NewGuid(), "referral.received", Guid.NewGuid(), [], createdAt, "{}", createdAt), createdAt);

    private static DeliveryAttemptRecord Failure(DateTimeOffset at) => new(0, at, 503, 12, "http_status");
}
