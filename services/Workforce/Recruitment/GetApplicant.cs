using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class GetApplicantValidator : AbstractValidator<C.GetApplicantRequest>
{
    public GetApplicantValidator() => RuleFor(r => r.ApplicantId).RecordId("an applicant");
}

/// <summary>One applicant; the read is audited, found or not.</summary>
internal sealed class GetApplicantHandler(WorkforceDbContext db, IAuditTrail audit)
{
    public async Task<C.Applicant> HandleAsync(C.GetApplicantRequest request, CancellationToken cancellationToken)
    {
        var applicant = await db.Applicants.AsNoTracking().SingleOrDefaultAsync(a => a.Id == Guid.Parse(request.ApplicantId), cancellationToken);
        await audit.WriteAsync(AuditedRecords.Applicant, request.ApplicantId, AuditAction.Read, applicant is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return applicant?.ToContract() ?? throw new NotFoundException("Applicant", request.ApplicantId);
    }
}
