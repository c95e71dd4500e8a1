using FluentValidation;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Agreements;

internal sealed class CreateAgreementValidator : AbstractValidator<C.CreateAgreementRequest>
{
    public CreateAgreementValidator()
    {
        RuleFor(r => r.OrganisationId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.FrequencyDays).Must(d => d == 0 || d is >= Agreement.MinFrequencyDays and <= Agreement.MaxFrequencyDays)
            .WithMessage($"Must be between {Agreement.MinFrequencyDays} and {Agreement.MaxFrequencyDays} days, or 0 for the default.");
        RuleFor(r => r.StartsOn).IsoDate();
    }
}

internal sealed class GetAgreementValidator : AbstractValidator<C.GetAgreementRequest>
{
    public GetAgreementValidator() => RuleFor(r => r.AgreementId).RecordId("an agreement");
}

internal sealed class ListAgreementsValidator : AbstractValidator<C.ListAgreementsRequest>
{
    public ListAgreementsValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.OrganisationId).MaximumLength(100);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class EndAgreementValidator : AbstractValidator<C.EndAgreementRequest>
{
    public EndAgreementValidator()
    {
        RuleFor(r => r.AgreementId).RecordId("an agreement");
        RuleFor(r => r.EndsOn).IsoDate();
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.AgreementEndReason.Unspecified);
    }
}

/// <summary>
/// Agreements: the trust arranges which organisation supervises which worker and how often;
/// partner organisations read their own.
/// </summary>
internal sealed class AgreementHandlers(
    SupervisionDbContext db, PartnerScope scope, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, IOptions<SupervisionOptions> options, TimeProvider clock)
{
    public async Task<C.Agreement> CreateAsync(C.CreateAgreementRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == request.OrganisationId, cancellationToken)
            ?? throw new NotFoundException("Partner organisation", request.OrganisationId);
        organisation.RequireActive();

        // Locking the worker serialises agreements for one worker, so two overlapping ones cannot both commit.
        var workerId = Guid.Parse(request.WorkerId);
        var worker = await db.Workers.FromSql($"SELECT *, xmin FROM supervised_workers WHERE id = {workerId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Worker", request.WorkerId);
        var existing = await db.Agreements.Where(a => a.WorkerId == workerId).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var frequency = request.FrequencyDays == 0 ? options.Value.DefaultFrequencyDays : request.FrequencyDays;
        var agreement = Agreement.Create(organisation.Id, worker, frequency, ValidationRules.ParseIsoDate(request.StartsOn), existing, now);
        db.Agreements.Add(agreement);
        outbox.Add(new SupervisionAgreementStarted(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.FrequencyDays, agreement.StartsOn));
        audit.Add(AuditedRecords.Agreement, agreement.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return agreement.ToContract();
    }

    public async Task<C.Agreement> GetAsync(C.GetAgreementRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.AgreementId);
        var agreement = await scope.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Agreement, request.AgreementId, AuditAction.Read, agreement is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return (agreement ?? throw new NotFoundException("Agreement", request.AgreementId)).ToContract();
    }

    public async Task<C.ListAgreementsResponse> ListAsync(C.ListAgreementsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Agreements.AsNoTracking();
        if (scope.OrganisationFilter(request.OrganisationId) is { } organisation)
        {
            query = query.Where(a => a.OrganisationId == organisation);
        }

        if (request.WorkerId.Length > 0)
        {
            var workerId = Guid.Parse(request.WorkerId);
            query = query.Where(a => a.WorkerId == workerId);
        }

        if (request.ActiveOnly)
        {
            var today = Compliance.LocalDate(clock.GetUtcNow());
            query = query.Where(a => a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today));
        }

        var (agreements, next) = await query.OrderBy(a => a.StartsOn).ThenBy(a => a.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Agreement, request.WorkerId.Length > 0 ? "worker:" + request.WorkerId : "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListAgreementsResponse { NextPageToken = next };
        response.Agreements.AddRange(agreements.Select(a => a.ToContract()));
        return response;
    }

    public async Task<C.Agreement> EndAsync(C.EndAgreementRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.AgreementId);
        var agreement = await scope.Agreements.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Agreement", request.AgreementId);
        var reason = (AgreementEndReason)request.Reason;
        agreement.End(ValidationRules.ParseIsoDate(request.EndsOn), reason);
        var now = clock.GetUtcNow();
        outbox.Add(new SupervisionAgreementEnded(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.EndsOn!.Value, reason.ToString()));
        audit.Add(AuditedRecords.Agreement, request.AgreementId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return agreement.ToContract();
    }
}
