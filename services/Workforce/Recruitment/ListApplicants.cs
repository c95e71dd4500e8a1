using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class ListApplicantsValidator : AbstractValidator<C.ListApplicantsRequest>
{
    public ListApplicantsValidator()
    {
        RuleFor(r => r.VacancyId).RecordId("a vacancy");
        RuleFor(r => r.Stage).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>A vacancy's applicants in the order they applied; the listing is audited.</summary>
internal sealed class ListApplicantsHandler(WorkforceDbContext db, IAuditTrail audit)
{
    public async Task<C.ListApplicantsResponse> HandleAsync(C.ListApplicantsRequest request, CancellationToken cancellationToken)
    {
        var vacancyId = Guid.Parse(request.VacancyId);
        var query = db.Applicants.AsNoTracking().Where(a => a.VacancyId == vacancyId);
        if (request.Stage != C.ApplicantStage.Unspecified)
        {
            var stage = (ApplicantStage)request.Stage;
            query = query.Where(a => a.Stage == stage);
        }

        var (applicants, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: false, cancellationToken, a => a.AppliedAt, a => a.Id);
        audit.Add(AuditedRecords.Applicant, "vacancy:" + request.VacancyId, AuditAction.List);
        await db.SaveChangesAsync(cancellationToken);
        var response = new C.ListApplicantsResponse { NextPageToken = next };
        response.Applicants.AddRange(applicants.Select(a => a.ToContract()));
        return response;
    }
}
