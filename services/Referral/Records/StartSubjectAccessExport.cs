using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class StartSubjectAccessExportValidator : AbstractValidator<C.StartSubjectAccessExportRequest>
{
    public StartSubjectAccessExportValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
    }
}

/// <summary>
/// Starts a subject access export: the job is saved (one part per source) and the worker woken;
/// the answer is at once, PENDING. Audited as a read of the client: the export discloses it all.
/// </summary>
internal sealed class StartSubjectAccessExportHandler(ReferralDbContext db, IAuditTrail audit, Caller caller, ExportSignal signal, TimeProvider clock)
{
    public async Task<C.SubjectAccessExport> HandleAsync(C.StartSubjectAccessExportRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Read, AuditOutcome.NotFound, cancellationToken);
            throw new NotFoundException("Client", request.ClientId);
        }

        client.Open();
        var export = SubjectAccessExport.Start(clientId, ClientDataSources.All, caller.Actor, clock.GetUtcNow());
        db.SubjectAccessExports.Add(export);
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Read);
        audit.Add(AuditedRecords.SubjectAccessExport, export.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return export.ToContract();
    }
}
