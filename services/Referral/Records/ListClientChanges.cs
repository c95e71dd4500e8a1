using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class ListClientChangesValidator : AbstractValidator<C.ListClientChangesRequest>
{
    public ListClientChangesValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.PageSize).InclusiveBetween(0, 100);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>A client's corrections, newest first, with the values before and after: a read of the client, audited.</summary>
internal sealed class ListClientChangesHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.ListClientChangesResponse> HandleAsync(C.ListClientChangesRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var exists = await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Read, exists ? AuditOutcome.Succeeded : AuditOutcome.NotFound, cancellationToken);
        if (!exists)
        {
            throw new SharedKernel.NotFoundException("Client", request.ClientId);
        }

        var (changes, next) = await db.ClientChanges.AsNoTracking().Where(c => c.ClientId == clientId)
            .ToKeysetPageAsync(request.PageToken, request.PageSize == 0 ? 50 : request.PageSize, descending: true, cancellationToken, c => c.ChangedAt, c => c.Id);
        var response = new C.ListClientChangesResponse { NextPageToken = next };
        response.Changes.AddRange(changes.Select(c => new C.ClientChange
        {
            ChangeId = c.Id.ToString(),
            ChangedAt = Timestamp.FromDateTimeOffset(c.ChangedAt),
            ChangedBy = c.ChangedBy,
            Reason = c.Reason,
            Fields = { c.Fields.Select(f => new C.ClientFieldChange { Field = f.Field, Before = f.Before, After = f.After }) },
        }));
        return response;
    }
}
