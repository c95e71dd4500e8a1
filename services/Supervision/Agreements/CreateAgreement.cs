using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
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

/// <summary>
/// The trust arranges which organisation supervises which worker and how often; partner
/// organisations read their own agreements.
/// </summary>
internal sealed class CreateAgreementHandler(
    SupervisionDbContext db, Outbox<SupervisionDbContext> outbox, IAuditTrail audit, IOptions<SupervisionOptions> options, TimeProvider clock)
{
    public async Task<C.Agreement> HandleAsync(C.CreateAgreementRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
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
        var agreement = Agreement.Create(organisation.Id, worker, frequency, IsoDates.ParseIsoDate(request.StartsOn), existing, now);
        db.Agreements.Add(agreement);
        outbox.Add(new SupervisionAgreementStarted(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.FrequencyDays, agreement.StartsOn));
        audit.Add(AuditedRecords.Agreement, agreement.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return agreement.ToContract();
    }
}
