namespace PeerPlatform.Auditing;

public enum AuditAction
{
    Read = 1,
    Create = 2,
    Update = 3,
    Delete = 4,
    List = 5,
}

public enum AuditOutcome
{
    Succeeded = 1,
    Denied = 2,
    NotFound = 3,
}

/// <summary>
/// One access to personal data: who (client application, role, partner organisation and, when a
/// person made the call, the person), what (record type and
/// id, action), when, and the outcome. Ids and codes only: the record never copies the data itself.
/// Rows are append-only: a database trigger refuses UPDATE and DELETE.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public required string ClientId { get; init; }

    public required string Role { get; init; }

    public string? PartnerOrganisation { get; init; }

    /// <summary>The person (Identity's id) who made the call; null when a system acted for itself.</summary>
    public string? PersonId { get; init; }

    /// <summary>What kind of person (<see cref="Security.PersonRoles"/>); null when a system acted for itself.</summary>
    public string? PersonRole { get; init; }

    public required string RecordType { get; init; }

    public required string RecordId { get; init; }

    public AuditAction Action { get; init; }

    public AuditOutcome Outcome { get; init; }

    /// <summary>The request's trace id, to find the rest of the story in telemetry.</summary>
    public string? TraceId { get; init; }
}
