using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class OpenVacancyValidator : AbstractValidator<C.OpenVacancyRequest>
{
    public OpenVacancyValidator()
    {
        RuleFor(r => r.TeamId).RecordId("a team");
        RuleFor(r => r.ContractedHours).GreaterThan(0).LessThanOrEqualTo(48);
        RuleFor(r => r.ClosingDate).IsoDate();
    }
}

internal sealed class ListVacanciesValidator : AbstractValidator<C.ListVacanciesRequest>
{
    public ListVacanciesValidator()
    {
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class AddApplicantValidator : AbstractValidator<C.AddApplicantRequest>
{
    public AddApplicantValidator()
    {
        RuleFor(r => r.VacancyId).RecordId("a vacancy");
        RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100);
    }
}

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

internal sealed class GetApplicantValidator : AbstractValidator<C.GetApplicantRequest>
{
    public GetApplicantValidator() => RuleFor(r => r.ApplicantId).RecordId("an applicant");
}

internal sealed class AdvanceApplicantValidator : AbstractValidator<C.AdvanceApplicantRequest>
{
    public AdvanceApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Stage).Must(s => s is C.ApplicantStage.Shortlisted or C.ApplicantStage.Interviewed or C.ApplicantStage.Offered)
            .WithMessage("Must be SHORTLISTED, INTERVIEWED or OFFERED; hiring, rejection and withdrawal have their own calls.");
    }
}

internal sealed class RejectApplicantValidator : AbstractValidator<C.RejectApplicantRequest>
{
    public RejectApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.RejectionReason.Unspecified).WithMessage("The reason is required.");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

internal sealed class WithdrawApplicantValidator : AbstractValidator<C.WithdrawApplicantRequest>
{
    public WithdrawApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

internal sealed class RecordCheckValidator : AbstractValidator<C.RecordCheckRequest>
{
    public RecordCheckValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Kind).IsInEnum().NotEqual(C.CheckKind.Unspecified).WithMessage("Say which check: REFERENCES or DBS.");
        RuleFor(r => r.Status).IsInEnum().NotEqual(C.CheckStatus.Unspecified).WithMessage("The check's status is required.");
    }
}

internal sealed class HireApplicantValidator : AbstractValidator<C.HireApplicantRequest>
{
    public HireApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.StartDate).IsoDate();
        RuleFor(r => r.Attributes).NotNull().WithMessage("Matching attributes are required (at least the localities the worker covers).");
        When(r => r.Attributes is not null, () =>
        {
            RuleFor(r => r.Attributes.Gender).MaximumLength(40);
            RuleFor(r => r.Attributes.Localities).NotEmpty().WithMessage("At least one locality is required.");
            RuleForEach(r => r.Attributes.Languages).NotEmpty().MaximumLength(60);
            RuleForEach(r => r.Attributes.LivedExperienceAreas).NotEmpty().MaximumLength(60);
            RuleForEach(r => r.Attributes.Localities).NotEmpty().MaximumLength(100);
        });
    }
}

/// <summary>Vacancies and applicants. Applicants' names are personal data: every read and change is audited.</summary>
internal sealed class RecruitmentHandlers(
    WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, IAuditTrail audit, CaseloadPolicy policy, TimeProvider clock)
{
    private const string ApplicantRecord = "Applicant";

    private DateOnly Today => TrustCalendar.LocalDate(clock.GetUtcNow());

    public async Task<C.Vacancy> OpenVacancyAsync(C.OpenVacancyRequest request, CancellationToken cancellationToken)
    {
        var teamId = Guid.Parse(request.TeamId);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw new NotFoundException("Team", request.TeamId);
        }

        var closingDate = ValidationRules.ParseIsoDate(request.ClosingDate);
        if (closingDate < Today)
        {
            throw new DomainRuleViolationException("The closing date has already passed.");
        }

        var vacancy = Vacancy.Open(teamId, (decimal)request.ContractedHours, closingDate, clock.GetUtcNow());
        db.Vacancies.Add(vacancy);
        await db.SaveChangesAsync(cancellationToken);
        return vacancy.ToContract();
    }

    public async Task<C.ListVacanciesResponse> ListVacanciesAsync(C.ListVacanciesRequest request, CancellationToken cancellationToken)
    {
        var query = db.Vacancies.AsNoTracking();
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(v => v.TeamId == teamId);
        }

        if (request.Status != C.VacancyStatus.Unspecified)
        {
            var status = (VacancyStatus)request.Status;
            query = query.Where(v => v.Status == status);
        }

        var (vacancies, next) = await query.OrderBy(v => v.ClosingDate).ThenBy(v => v.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        var response = new C.ListVacanciesResponse { NextPageToken = next };
        response.Vacancies.AddRange(vacancies.Select(v => v.ToContract()));
        return response;
    }

    public async Task<C.Applicant> AddApplicantAsync(C.AddApplicantRequest request, CancellationToken cancellationToken)
    {
        var vacancy = await db.Vacancies.SingleOrDefaultAsync(v => v.Id == Guid.Parse(request.VacancyId), cancellationToken)
            ?? throw new NotFoundException("Vacancy", request.VacancyId);
        vacancy.EnsureAcceptsApplications(Today);
        var applicant = Applicant.Apply(vacancy.Id, request.GivenName, request.FamilyName, request.DeclaresLivedExperience, clock.GetUtcNow());
        db.Applicants.Add(applicant);
        audit.Add(ApplicantRecord, applicant.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return applicant.ToContract();
    }

    public async Task<C.ListApplicantsResponse> ListApplicantsAsync(C.ListApplicantsRequest request, CancellationToken cancellationToken)
    {
        var vacancyId = Guid.Parse(request.VacancyId);
        var query = db.Applicants.AsNoTracking().Where(a => a.VacancyId == vacancyId);
        if (request.Stage != C.ApplicantStage.Unspecified)
        {
            var stage = (ApplicantStage)request.Stage;
            query = query.Where(a => a.Stage == stage);
        }

        var (applicants, next) = await query.OrderBy(a => a.AppliedAt).ThenBy(a => a.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        audit.Add(ApplicantRecord, "vacancy:" + request.VacancyId, AuditAction.List);
        await db.SaveChangesAsync(cancellationToken);
        var response = new C.ListApplicantsResponse { NextPageToken = next };
        response.Applicants.AddRange(applicants.Select(a => a.ToContract()));
        return response;
    }

    public async Task<C.Applicant> GetApplicantAsync(C.GetApplicantRequest request, CancellationToken cancellationToken)
    {
        var applicant = await db.Applicants.AsNoTracking().SingleOrDefaultAsync(a => a.Id == Guid.Parse(request.ApplicantId), cancellationToken);
        await audit.WriteAsync(ApplicantRecord, request.ApplicantId, AuditAction.Read, applicant is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return applicant?.ToContract() ?? throw new NotFoundException("Applicant", request.ApplicantId);
    }

    public Task<C.Applicant> AdvanceAsync(C.AdvanceApplicantRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ApplicantId, a => a.AdvanceTo((ApplicantStage)request.Stage), cancellationToken);

    public Task<C.Applicant> RejectAsync(C.RejectApplicantRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ApplicantId, a => a.Reject((RejectionReason)request.Reason, request.Note.Length > 0 ? request.Note : null), cancellationToken);

    public Task<C.Applicant> WithdrawAsync(C.WithdrawApplicantRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ApplicantId, a => a.Withdraw(request.Note.Length > 0 ? request.Note : null), cancellationToken);

    public Task<C.Applicant> RecordCheckAsync(C.RecordCheckRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ApplicantId, a =>
        {
            if (request.Kind == C.CheckKind.References)
            {
                a.RecordReferences((CheckStatus)request.Status);
            }
            else
            {
                a.RecordDbs((CheckStatus)request.Status);
            }
        }, cancellationToken);

    /// <summary>Creates the peer worker from an offered, cleared applicant; emits PeerWorkerHired (and PeerWorkerReady if no training is due).</summary>
    public async Task<C.PeerWorker> HireAsync(C.HireApplicantRequest request, CancellationToken cancellationToken)
    {
        var applicant = await FindApplicantAsync(request.ApplicantId, cancellationToken);
        var vacancy = await db.Vacancies.SingleAsync(v => v.Id == applicant.VacancyId, cancellationToken);
        var now = clock.GetUtcNow();
        var attributes = new MatchingAttributes(request.Attributes.Gender, request.Attributes.Languages, request.Attributes.LivedExperienceAreas, request.Attributes.Localities);
        var worker = PeerWorker.Hire(vacancy.TeamId, applicant.Id, vacancy.ContractedHours, ValidationRules.ParseIsoDate(request.StartDate), attributes, policy, now);
        applicant.Hire(worker.Id);
        vacancy.MarkFilled();

        var curriculum = await db.TrainingModules.AsNoTracking().ToListAsync(cancellationToken);
        var ready = worker.UpdateTrainingComplete(Readiness.IsReady(curriculum, []));

        db.PeerWorkers.Add(worker);
        audit.Add(ApplicantRecord, applicant.Id.ToString(), AuditAction.Update);
        outbox.Add(new PeerWorkerHired(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId, worker.ContractedHours, worker.Capacity, worker.StartDate));
        if (ready)
        {
            outbox.Add(new PeerWorkerReady(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId));
        }

        await db.SaveChangesAsync(cancellationToken);
        return worker.ToContract();
    }

    private async Task<C.Applicant> ChangeAsync(string applicantId, Action<Applicant> change, CancellationToken cancellationToken)
    {
        var applicant = await FindApplicantAsync(applicantId, cancellationToken);
        change(applicant);
        audit.Add(ApplicantRecord, applicantId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return applicant.ToContract();
    }

    private async Task<Applicant> FindApplicantAsync(string id, CancellationToken cancellationToken) =>
        await db.Applicants.SingleOrDefaultAsync(a => a.Id == Guid.Parse(id), cancellationToken)
        ?? throw new NotFoundException("Applicant", id);
}
