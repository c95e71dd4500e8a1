using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Caseload;

internal sealed class ReserveCaseloadSlotValidator : AbstractValidator<C.ReserveCaseloadSlotRequest>
{
    public ReserveCaseloadSlotValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID).");
        RuleFor(r => r.IdempotencyKey).NotEmpty().MaximumLength(200);
        RuleFor(r => r.ReferralId).Must(id => Guid.TryParse(id, out _)).WithMessage("Must be a referral id (a UUID).");
    }
}

/// <summary>
/// Holds a slot of the worker's caseload for a referral. One conditional UPDATE increments the
/// caseload only while the worker is active, trained and under capacity, so concurrent
/// reservations can never overbook; the unique idempotency key makes a retry return the slot it
/// already holds; a CHECK constraint backs both up.
/// </summary>
internal sealed class ReserveCaseloadSlotHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.CaseloadReservation> HandleAsync(C.ReserveCaseloadSlotRequest request, CancellationToken cancellationToken)
    {
        var workerId = Guid.Parse(request.WorkerId);
        if (await db.FindReservationAsync(request.IdempotencyKey, cancellationToken) is { } existing)
        {
            return Same(existing, workerId);
        }

        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            var taken = await db.PeerWorkers
                .Where(w => w.Id == workerId && w.Status == EmploymentStatus.Active && w.TrainingComplete && w.CurrentCaseload < w.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.CurrentCaseload, w => w.CurrentCaseload + 1), cancellationToken);
            if (taken == 0)
            {
                var worker = await db.PeerWorkers.AsNoTracking().SingleOrDefaultAsync(w => w.Id == workerId, cancellationToken)
                    ?? throw new NotFoundException("Worker", request.WorkerId);
                throw new DomainRuleViolationException(worker switch
                {
                    { Status: not EmploymentStatus.Active } => $"The worker is {worker.Status} and takes no new clients.",
                    { TrainingComplete: false } => "The worker has not completed mandatory training and takes no clients yet.",
                    _ => "The worker has no free caseload slot.",
                });
            }

            var reservation = CaseloadReservation.Reserve(workerId, request.IdempotencyKey, Guid.Parse(request.ReferralId), clock.GetUtcNow());
            db.CaseloadReservations.Add(reservation);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return reservation.ToContract();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same key raced in from a retry; its transaction won and ours rolled back.
            db.ChangeTracker.Clear();
            return Same((await db.FindReservationAsync(request.IdempotencyKey, cancellationToken))!, workerId);
        }
    }

    private static C.CaseloadReservation Same(CaseloadReservation existing, Guid workerId) =>
        existing.PeerWorkerId == workerId
            ? existing.ToContract()
            : throw new DomainRuleViolationException("The idempotency key was already used for a different worker.");
}
