namespace PeerPlatform.Integrations.Domain;

/// <summary>
/// An event as integrators see it, in the order it was recorded (<see cref="Sequence"/>): the
/// event feed's rows and the source of every webhook body. Kept for EventFeed:RetentionDays.
/// </summary>
internal sealed class PublishedEvent
{
    private PublishedEvent()
    {
    }

    /// <summary>Assigned by the database in commit order (writers take a lock, so the feed never skips a row still being written).</summary>
    public long Sequence { get; private set; }

    public Guid EventId { get; private set; }

    public string Type { get; private set; } = "";

    public Guid SubjectId { get; private set; }

    /// <summary>The partner organisations it concerns; a partner reads only events naming its own.</summary>
    public List<string> OrganisationIds { get; private set; } = [];

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The webhook body's "data": ids, codes and dates (JSON).</summary>
    public string Data { get; private set; } = "{}";

    public static PublishedEvent Record(Guid eventId, string type, Guid subjectId, IEnumerable<string> organisationIds, DateTimeOffset occurredAt, string data, DateTimeOffset now) => new()
    {
        EventId = eventId,
        Type = type,
        SubjectId = subjectId,
        OrganisationIds = [.. organisationIds.Distinct(StringComparer.Ordinal)],
        OccurredAt = occurredAt,
        RecordedAt = now,
        Data = data,
    };
}

/// <summary>A worker a partner organisation supervises, from agreement events: partners hear of that worker's readiness and leaving.</summary>
internal sealed class SupervisedWorkerLink
{
    public Guid WorkerId { get; init; }

    public string OrganisationId { get; init; } = "";

    public Guid AgreementId { get; init; }
}
