using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Caseload;

internal sealed class ReleaseCaseloadSlotValidator : AbstractValidator<C.ReleaseCaseloadSlotRequest>
{
    public ReleaseCaseloadSlotValidator() => RuleFor(r => r.IdempotencyKey).NotEmpty().MaximumLength(200);
}

/// <summary>Frees the slot held under an idempotency key; releasing twice frees it once.</summary>
internal sealed class ReleaseCaseloadSlotHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.CaseloadReservation> HandleAsync(C.ReleaseCaseloadSlotRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // Only the call that flips released_at decrements, so a double release frees one slot.
        var released = await db.CaseloadReservations
            .Where(r => r.IdempotencyKey == request.IdempotencyKey && r.ReleasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReleasedAt, now), cancellationToken);
        var reservation = await db.FindReservationAsync(request.IdempotencyKey, cancellationToken)
            ?? throw new NotFoundException("Reservation", request.IdempotencyKey);
        if (released == 1)
        {
            await db.PeerWorkers
                .Where(w => w.Id == reservation.PeerWorkerId && w.CurrentCaseload > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.CurrentCaseload, w => w.CurrentCaseload - 1), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return reservation.ToContract();
    }
}
