namespace PeerPlatform.Referral.Domain;

/// <summary>Two records of one person made one: which referrals moved, and whether it was undone.</summary>
public sealed class ClientMerge
{
    private ClientMerge()
    {
    }

    public Guid Id { get; private set; }

    public Guid SourceClientId { get; private set; }

    public Guid TargetClientId { get; private set; }

    public List<Guid> MovedReferralIds { get; private set; } = [];

    public bool MovedNhsNumber { get; private set; }

    public DateTimeOffset MergedAt { get; private set; }

    public string MergedBy { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public DateTimeOffset UndoableUntil { get; private set; }

    public DateTimeOffset? UndoneAt { get; private set; }

    public string? UndoneBy { get; private set; }

    public string? UndoReason { get; private set; }

    public static ClientMerge Record(Guid source, Guid target, IEnumerable<Guid> referralIds, bool movedNhsNumber, string by, string reason, DateTimeOffset now, TimeSpan undoWindow) => new()
    {
        Id = Guid.CreateVersion7(now),
        SourceClientId = source,
        TargetClientId = target,
        MovedReferralIds = [.. referralIds],
        MovedNhsNumber = movedNhsNumber,
        MergedAt = now,
        MergedBy = by,
        Reason = reason.Trim(),
        UndoableUntil = now + undoWindow,
    };

    /// <summary>Why the merge cannot be undone now, or null when it can.</summary>
    public string? WhyNotUndoable(DateTimeOffset now) =>
        UndoneAt is not null ? "The merge was already undone."
        : now > UndoableUntil ? $"A merge can be undone until {UndoableUntil:yyyy-MM-dd HH:mm} UTC; that has passed."
        : null;

    public void Undo(string by, string reason, DateTimeOffset now)
    {
        UndoneAt = now;
        UndoneBy = by;
        UndoReason = reason.Trim();
    }
}

/// <summary>A legal hold: while it stands, the retention run leaves the client's records alone.</summary>
public sealed class LegalHold
{
    private LegalHold()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public string Reason { get; private set; } = "";

    public DateTimeOffset PlacedAt { get; private set; }

    public string PlacedBy { get; private set; } = "";

    public DateTimeOffset? ReleasedAt { get; private set; }

    public string? ReleasedBy { get; private set; }

    public string? ReleaseReason { get; private set; }

    public bool Stands => ReleasedAt is null;

    public static LegalHold Place(Guid clientId, string reason, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ClientId = clientId,
        Reason = reason.Trim(),
        PlacedAt = now,
        PlacedBy = by,
    };

    public void Release(string reason, string by, DateTimeOffset now)
    {
        ReleasedAt = now;
        ReleasedBy = by;
        ReleaseReason = reason.Trim();
    }
}

public enum ErasureDecision
{
    Granted = 1,
    Refused = 2,
}

/// <summary>A person's request to erase their data, the decision and when it was carried out.</summary>
public sealed class ErasureRequest
{
    private ErasureRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public DateOnly ReceivedOn { get; private set; }

    /// <summary>A calendar month after receipt (UK GDPR Article 12(3)); the day before the same date next month.</summary>
    public DateOnly RespondBy { get; private set; }

    public ErasureDecision Decision { get; private set; }

    public string Reason { get; private set; } = "";

    public DateTimeOffset DecidedAt { get; private set; }

    public string DecidedBy { get; private set; } = "";

    public DateTimeOffset? ErasedAt { get; private set; }

    public static ErasureRequest Decide(Guid clientId, DateOnly receivedOn, ErasureDecision decision, string reason, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ClientId = clientId,
        ReceivedOn = receivedOn,
        RespondBy = receivedOn.AddMonths(1),
        Decision = decision,
        Reason = reason.Trim(),
        DecidedAt = now,
        DecidedBy = by,
    };

    public void Erased(DateTimeOffset at) => ErasedAt = at;
}

/// <summary>That a client's records were erased, when and on what basis: ids only, kept for good.</summary>
public sealed class ErasedClient
{
    public Guid ClientId { get; init; }

    public DateTimeOffset ErasedAt { get; init; }

    /// <summary>"retention_expired" or "erasure_request".</summary>
    public required string Basis { get; init; }

    public int ReferralCount { get; init; }
}

/// <summary>One retention run, kept as evidence that the periods are applied: counts and dates only.</summary>
public sealed class RetentionRunRecord
{
    public Guid Id { get; init; }

    public DateTimeOffset RanAt { get; init; }

    public DateOnly AsOf { get; init; }

    public bool DryRun { get; init; }

    public int Due { get; init; }

    public int Erased { get; init; }

    public int Held { get; init; }

    public required string RanBy { get; init; }
}
