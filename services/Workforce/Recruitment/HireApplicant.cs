using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

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

/// <summary>Creates the peer worker from an offered, cleared applicant; emits PeerWorkerHired (and PeerWorkerReady if no training is due).</summary>
internal sealed class HireApplicantHandler(
    WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, IAuditTrail audit, CaseloadPolicy policy, TimeProvider clock)
{
    public async Task<C.PeerWorker> HandleAsync(C.HireApplicantRequest request, CancellationToken cancellationToken)
    {
        var applicant = await db.FindApplicantAsync(request.ApplicantId, cancellationToken);
        var vacancy = await db.Vacancies.SingleAsync(v => v.Id == applicant.VacancyId, cancellationToken);
        var now = clock.GetUtcNow();
        var attributes = new MatchingAttributes(request.Attributes.Gender, request.Attributes.Languages, request.Attributes.LivedExperienceAreas, request.Attributes.Localities);
        var worker = PeerWorker.Hire(vacancy.TeamId, applicant.Id, vacancy.ContractedHours, IsoDates.ParseIsoDate(request.StartDate), attributes, policy, now);
        applicant.Hire(worker.Id);
        vacancy.MarkFilled();

        var curriculum = await db.TrainingModules.AsNoTracking().ToListAsync(cancellationToken);
        var ready = worker.UpdateTrainingComplete(Readiness.IsReady(curriculum, []));

        db.PeerWorkers.Add(worker);
        audit.Add(AuditedRecords.Applicant, applicant.Id.ToString(), AuditAction.Update);
        outbox.Add(new PeerWorkerHired(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId, worker.ContractedHours, worker.Capacity, worker.StartDate));
        if (ready)
        {
            outbox.Add(new PeerWorkerReady(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId));
        }

        await db.SaveChangesAsync(cancellationToken);
        return worker.ToContract();
    }
}
