using FluentValidation;
using Google.Api;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class DownloadSubjectAccessExportValidator : AbstractValidator<C.DownloadSubjectAccessExportRequest>
{
    public DownloadSubjectAccessExportValidator()
    {
        RuleFor(r => r.ExportId).RecordId("an export");
    }
}

/// <summary>The ready archive (application/zip). Every download is audited as a read of the client.</summary>
internal sealed class DownloadSubjectAccessExportHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<HttpBody> HandleAsync(C.DownloadSubjectAccessExportRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ExportId);
        var export = await db.SubjectAccessExports.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException("Export", request.ExportId);
        switch (export.Status)
        {
            case ExportStatus.Expired:
                throw new NotFoundException("Export archive (expired and deleted)", request.ExportId);
            case ExportStatus.Failed:
                throw new DomainRuleViolationException("The export failed: " + export.Failure);
            case ExportStatus.Pending:
                throw new DomainRuleViolationException("The export is not ready yet; poll its status until READY.");
        }

        var archive = await db.ExportArchives.AsNoTracking().SingleAsync(a => a.ExportId == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Client, export.ClientId.ToString(), AuditAction.Read, AuditOutcome.Succeeded, cancellationToken);
        return new HttpBody { ContentType = "application/zip", Data = ByteString.CopyFrom(archive.Content) };
    }
}
