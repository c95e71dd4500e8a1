using Google.Protobuf.WellKnownTypes;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal static class RecordsMapping
{
    public static C.ClientMerge ToContract(this ClientMerge merge) => new()
    {
        MergeId = merge.Id.ToString(),
        SourceClientId = merge.SourceClientId.ToString(),
        TargetClientId = merge.TargetClientId.ToString(),
        MovedReferralIds = { merge.MovedReferralIds.Select(id => id.ToString()) },
        MovedNhsNumber = merge.MovedNhsNumber,
        MergedAt = Timestamp.FromDateTimeOffset(merge.MergedAt),
        MergedBy = merge.MergedBy,
        Reason = merge.Reason,
        UndoableUntil = Timestamp.FromDateTimeOffset(merge.UndoableUntil),
        UndoneAt = merge.UndoneAt is { } undone ? Timestamp.FromDateTimeOffset(undone) : null,
    };

    public static C.LegalHold ToContract(this LegalHold hold) => new()
    {
        ClientId = hold.ClientId.ToString(),
        Reason = hold.Reason,
        PlacedAt = Timestamp.FromDateTimeOffset(hold.PlacedAt),
        PlacedBy = hold.PlacedBy,
        ReleasedAt = hold.ReleasedAt is { } released ? Timestamp.FromDateTimeOffset(released) : null,
        ReleaseReason = hold.ReleaseReason ?? "",
    };

    public static C.ErasureRequest ToContract(this ErasureRequest request) => new()
    {
        RequestId = request.Id.ToString(),
        ClientId = request.ClientId.ToString(),
        ReceivedOn = request.ReceivedOn.ToIsoDate(),
        RespondBy = request.RespondBy.ToIsoDate(),
        Decision = (C.ErasureDecision)request.Decision,
        Reason = request.Reason,
        DecidedAt = Timestamp.FromDateTimeOffset(request.DecidedAt),
        DecidedBy = request.DecidedBy,
        ErasedAt = request.ErasedAt is { } erased ? Timestamp.FromDateTimeOffset(erased) : null,
    };

    public static C.SubjectAccessExport ToContract(this SubjectAccessExport export) => new()
    {
        ExportId = export.Id.ToString(),
        ClientId = export.ClientId.ToString(),
        Status = (C.ExportStatus)export.Status,
        RequestedAt = Timestamp.FromDateTimeOffset(export.RequestedAt),
        RequestedBy = export.RequestedBy,
        CompletedAt = export.CompletedAt is { } completed ? Timestamp.FromDateTimeOffset(completed) : null,
        ExpiresAt = export.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        Sources =
        {
            export.Parts.OrderBy(p => p.Source, StringComparer.Ordinal).Select(p => new C.ExportSource
            {
                Source = p.Source,
                Gathered = p.GatheredAt is not null,
                GatheredAt = p.GatheredAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                RecordCount = p.RecordCount,
                Attempts = p.Attempts,
                LastError = p.LastError ?? "",
            }),
        },
        ArchiveBytes = export.ArchiveBytes,
        Failure = export.Failure ?? "",
    };
}
