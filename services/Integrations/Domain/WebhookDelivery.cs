namespace PeerPlatform.Integrations.Domain;

public enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>One attempt, as the delivery log keeps it: never the receiver's answer, only its status and timing.</summary>
internal sealed record DeliveryAttemptRecord(int Attempt, DateTimeOffset AttemptedAt, int StatusCode, int LatencyMs, string Error);

/// <summary>
/// One event for one subscription: the outbox row the dispatcher works from. Created in the same
/// transaction as the event it carries, delivered at least once, in its subject's order.
/// </summary>
internal sealed class WebhookDelivery
{
    /// <summary>Attempts kept in the log; the count goes on.</summary>
    public const int AttemptsKept = 20;

    private WebhookDelivery()
    {
    }

    /// <summary>The webhook-id header: the same on every attempt.</summary>
    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public long EventSequence { get; private set; }

    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public Guid SubjectId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Held by a dispatcher until then; another replica may take it after.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public List<DeliveryAttemptRecord> Attempts { get; private set; } = [];

    public static WebhookDelivery For(Subscription subscription, PublishedEvent published, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = subscription.Id,
        EventSequence = published.Sequence,
        EventId = published.EventId,
        EventType = published.Type,
        SubjectId = published.SubjectId,
        OccurredAt = published.OccurredAt,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Records an attempt's result; true when it gave up (the subscription is then failing).</summary>
    public bool Attempted(DeliveryAttemptRecord attempt, RetrySchedule schedule, double random)
    {
        AttemptCount++;
        Attempts.Add(attempt with { Attempt = AttemptCount });
        if (Attempts.Count > AttemptsKept)
        {
            Attempts.RemoveRange(0, Attempts.Count - AttemptsKept);
        }

        LockedUntil = null;
        if (attempt.Error.Length == 0)
        {
            Status = DeliveryStatus.Delivered;
            DeliveredAt = attempt.AttemptedAt;
            return false;
        }

        if (Status == DeliveryStatus.Pending && schedule.GivesUp(CreatedAt, attempt.AttemptedAt))
        {
            Status = DeliveryStatus.Failed;
            return true;
        }

        if (Status == DeliveryStatus.Pending)
        {
            NextAttemptAt = attempt.AttemptedAt + schedule.DelayAfter(AttemptCount, random);
        }

        return false;
    }

    public void Cancel()
    {
        if (Status == DeliveryStatus.Pending)
        {
            Status = DeliveryStatus.Cancelled;
            LockedUntil = null;
        }
    }
}
