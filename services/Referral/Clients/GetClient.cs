using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Clients;

internal sealed class GetClientValidator : AbstractValidator<C.GetClientRequest>
{
    public GetClientValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
    }
}

/// <summary>Reads a client's identifying record; every read leaves an audit record, found or not.</summary>
internal sealed class GetClientHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.Client> HandleAsync(C.GetClientRequest request, CancellationToken cancellationToken)
    {
        var client = await ClientById(db, Guid.Parse(request.ClientId), cancellationToken);
        await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Read,
            client is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        if (client is null)
        {
            throw new NotFoundException("Client", request.ClientId);
        }

        return client.Open().ToContract();
    }

    // Compiled once, as every frequent read is (see GetReferral).
    private static readonly Func<ReferralDbContext, Guid, CancellationToken, Task<Domain.Client?>> ClientById =
        EF.CompileAsyncQuery((ReferralDbContext db, Guid id, CancellationToken _) =>
            db.Clients.AsNoTracking().SingleOrDefault(c => c.Id == id));
}
