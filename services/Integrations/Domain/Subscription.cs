using PeerPlatform.SharedKernel;

namespace PeerPlatform.Integrations.Domain;

public enum SubscriptionStatus
{
    Active = 1,
    Failing = 2,
    Deleted = 3,
}

/// <summary>
/// Where a system wants events delivered, and which. The signing secrets are held protected
/// (ASP.NET Core Data Protection, keys in this service's database), never in clear.
/// </summary>
internal sealed class Subscription
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    private Subscription()
    {
    }

    public Guid Id { get; private set; }

    public string Url { get; private set; } = "";

    public List<string> EventTypes { get; private set; } = [];

    public string Description { get; private set; } = "";

    /// <summary>The partner organisation that owns it; null for the trust's systems.</summary>
    public string? OrganisationId { get; private set; }

    public string OwnerClientId { get; private set; } = "";

    public SubscriptionStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FailingSince { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public string ProtectedSecret { get; private set; } = "";

    public string? ProtectedPreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public static Subscription Create(string url, IEnumerable<string> eventTypes, string description, string? organisationId, string ownerClientId, string protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Url = url,
        EventTypes = [.. eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        Description = description,
        OrganisationId = organisationId,
        OwnerClientId = ownerClientId,
        Status = SubscriptionStatus.Active,
        CreatedAt = now,
        ProtectedSecret = protectedSecret,
    };

    public bool Receives(string eventType) => Status != SubscriptionStatus.Deleted && EventTypes.Contains(eventType, StringComparer.Ordinal);

    public void Change(string? url, IReadOnlyCollection<string> eventTypes, string? description)
    {
        EnsureNotDeleted();
        if (url is { Length: > 0 })
        {
            Url = url;
        }

        if (eventTypes.Count > 0)
        {
            EventTypes = [.. eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        if (description is not null)
        {
            Description = description;
        }
    }

    /// <summary>A new secret signs from now on; the previous one also signs until the overlap ends.</summary>
    public void RotateSecret(string protectedSecret, TimeSpan overlap, DateTimeOffset now)
    {
        EnsureNotDeleted();
        ProtectedPreviousSecret = overlap > TimeSpan.Zero ? ProtectedSecret : null;
        PreviousSecretExpiresAt = overlap > TimeSpan.Zero ? now + overlap : null;
        ProtectedSecret = protectedSecret;
    }

    /// <summary>The protected secrets that sign a delivery made at <paramref name="now"/>, newest first.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now)
    {
        yield return ProtectedSecret;
        if (ProtectedPreviousSecret is { } previous && PreviousSecretExpiresAt > now)
        {
            yield return previous;
        }
    }

    public void Delete(DateTimeOffset now)
    {
        EnsureNotDeleted();
        Status = SubscriptionStatus.Deleted;
        DeletedAt = now;
    }

    /// <summary>A delivery was given up: the subscription is failing until one succeeds.</summary>
    public void DeliveryGaveUp(DateTimeOffset now)
    {
        if (Status == SubscriptionStatus.Active)
        {
            Status = SubscriptionStatus.Failing;
            FailingSince = now;
        }
    }

    public void DeliverySucceeded()
    {
        if (Status == SubscriptionStatus.Failing)
        {
            Status = SubscriptionStatus.Active;
            FailingSince = null;
        }
    }

    private void EnsureNotDeleted()
    {
        if (Status == SubscriptionStatus.Deleted)
        {
            throw new DomainRuleViolationException("The subscription was deleted; create a new one.");
        }
    }
}
