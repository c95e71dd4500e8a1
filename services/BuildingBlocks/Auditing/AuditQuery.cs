using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Audit.V1;

namespace PeerPlatform.Auditing;

/// <summary>Pages through a service's audit trail, newest first, for administrators.</summary>
public sealed class AuditQuery<TDbContext>(TDbContext db) where TDbContext : DbContext
{
    public const int MaxPageSize = 500;

    public async Task<ListAuditRecordsResponse> ListAsync(ListAuditRecordsRequest request, CancellationToken cancellationToken)
    {
        var pageSize = request.PageSize is > 0 and <= MaxPageSize ? request.PageSize : 100;
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (request.RecordType.Length > 0)
        {
            query = query.Where(a => a.RecordType == request.RecordType);
        }

        if (request.RecordId.Length > 0)
        {
            query = query.Where(a => a.RecordId == request.RecordId);
        }

        if (request.ClientId.Length > 0)
        {
            query = query.Where(a => a.ClientId == request.ClientId);
        }

        if (request.PersonId.Length > 0)
        {
            query = query.Where(a => a.PersonId == request.PersonId);
        }

        if (request.OccurredFrom is { } from)
        {
            var start = from.ToDateTimeOffset();
            query = query.Where(a => a.OccurredAt >= start);
        }

        if (request.OccurredTo is { } to)
        {
            var end = to.ToDateTimeOffset();
            query = query.Where(a => a.OccurredAt < end);
        }

        if (request.BeforeId > 0)
        {
            query = query.Where(a => a.Id < request.BeforeId);
        }

        var records = await query.OrderByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var response = new ListAuditRecordsResponse
        {
            NextBeforeId = records.Count > pageSize ? records[pageSize - 1].Id : 0,
        };
        response.Records.AddRange(records.Take(pageSize).Select(a => new Contracts.Audit.V1.AuditRecord
        {
            Id = a.Id,
            OccurredAt = Timestamp.FromDateTimeOffset(a.OccurredAt),
            ClientId = a.ClientId,
            Role = a.Role,
            PartnerOrganisation = a.PartnerOrganisation ?? "",
            RecordType = a.RecordType,
            RecordId = a.RecordId,
            Action = a.Action.ToString().ToUpperInvariant(),
            Outcome = a.Outcome == AuditOutcome.NotFound ? "NOT_FOUND" : a.Outcome.ToString().ToUpperInvariant(),
            TraceId = a.TraceId ?? "",
            PersonId = a.PersonId ?? "",
            PersonRole = a.PersonRole ?? "",
        }));
        return response;
    }
}
