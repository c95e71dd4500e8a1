namespace PeerPlatform.Referral.Domain;

public enum ExportStatus
{
    Pending = 1,
    Ready = 2,
    Failed = 3,
    Expired = 4,
}

/// <summary>
/// A subject access export: a job that gathers one client's records from each source into one
/// archive. Its state is in the database, part by part, so a restart resumes where it stopped.
/// The archive is personal data: it is kept until <see cref="ExpiresAt"/>, then deleted.
/// </summary>
public sealed class SubjectAccessExport
{
    private SubjectAccessExport()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public ExportStatus Status { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public string RequestedBy { get; private set; } = "";

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public string? Failure { get; private set; }

    public long ArchiveBytes { get; private set; }

    /// <summary>Until when a worker holds the job (a lease, so replicas do not run one export twice).</summary>
    public DateTimeOffset? LeasedUntil { get; private set; }

    public List<ExportPart> Parts { get; private set; } = [];

    public static SubjectAccessExport Start(Guid clientId, IEnumerable<string> sources, string by, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new()
        {
            Id = id,
            ClientId = clientId,
            Status = ExportStatus.Pending,
            RequestedAt = now,
            RequestedBy = by,
            Parts = [.. sources.Select(source => new ExportPart { ExportId = id, Source = source })],
        };
    }

    public IReadOnlyList<ExportPart> MissingParts() => [.. Parts.Where(p => p.GatheredAt is null)];

    public ExportArchive Complete(byte[] archive, DateTimeOffset now, TimeSpan keepFor)
    {
        ArchiveBytes = archive.LongLength;
        Status = ExportStatus.Ready;
        CompletedAt = now;
        ExpiresAt = now + keepFor;
        // The gathered parts are in the archive now; they are personal data too, so they go.
        foreach (var part in Parts)
        {
            part.Json = null;
        }

        return new ExportArchive { ExportId = Id, Content = archive };
    }

    public void Fail(string reason, DateTimeOffset now)
    {
        Status = ExportStatus.Failed;
        Failure = reason;
        CompletedAt = now;
        foreach (var part in Parts)
        {
            part.Json = null;
        }
    }

    /// <summary>The archive's retention ended: the caller deletes its <see cref="ExportArchive"/>.</summary>
    public void Expire() => Status = ExportStatus.Expired;
}

/// <summary>What one source gave for an export (JSON until the archive is assembled), and how many tries it took.</summary>
public sealed class ExportPart
{
    public Guid ExportId { get; init; }

    public required string Source { get; init; }

    public string? Json { get; set; }

    public int RecordCount { get; set; }

    public DateTimeOffset? GatheredAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A ready export's archive (a zip), apart from the job so status reads never load it.</summary>
public sealed class ExportArchive
{
    public Guid ExportId { get; init; }

    public required byte[] Content { get; init; }
}
