using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class GetSubjectAccessExportValidator : AbstractValidator<C.GetSubjectAccessExportRequest>
{
    public GetSubjectAccessExportValidator()
    {
        RuleFor(r => r.ExportId).RecordId("an export");
    }
}

/// <summary>An export's status and what each source gave so far: ids, counts and times, never the records.</summary>
internal sealed class GetSubjectAccessExportHandler(ReferralDbContext db)
{
    public async Task<C.SubjectAccessExport> HandleAsync(C.GetSubjectAccessExportRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ExportId);
        var export = await db.SubjectAccessExports.AsNoTracking().Include(e => e.Parts).AsSplitQuery()
            .SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException("Export", request.ExportId);
        return export.ToContract();
    }
}
