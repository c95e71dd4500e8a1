using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class AddApplicantValidator : AbstractValidator<C.AddApplicantRequest>
{
    public AddApplicantValidator()
    {
        RuleFor(r => r.VacancyId).RecordId("a vacancy");
        RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100);
    }
}

/// <summary>A person applies for an open vacancy before its closing date.</summary>
internal sealed class AddApplicantHandler(WorkforceDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.Applicant> HandleAsync(C.AddApplicantRequest request, CancellationToken cancellationToken)
    {
        var vacancy = await db.Vacancies.SingleOrDefaultAsync(v => v.Id == Guid.Parse(request.VacancyId), cancellationToken)
            ?? throw new NotFoundException("Vacancy", request.VacancyId);
        vacancy.EnsureAcceptsApplications(TrustCalendar.LocalDate(clock.GetUtcNow()));
        var applicant = Applicant.Apply(vacancy.Id, request.GivenName, request.FamilyName, request.DeclaresLivedExperience, clock.GetUtcNow());
        db.Applicants.Add(applicant);
        audit.Add(AuditedRecords.Applicant, applicant.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return applicant.ToContract();
    }
}
