using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class RecordLeavingValidator : AbstractValidator<C.RecordLeavingRequest>
{
    public RecordLeavingValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.LeftOn).IsoDate();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>
/// Records leaving, releases every held slot and emits PeerWorkerLeft with the referrals that
/// need re-matching, all in one transaction.
/// </summary>
internal sealed class RecordLeavingHandler(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.PeerWorker> HandleAsync(C.RecordLeavingRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // Lock the worker first: a reservation racing with leaving either commits before this
        // (and is released below) or waits and then finds the worker gone.
        var id = Guid.Parse(request.WorkerId);
        var worker = await db.PeerWorkers.FromSql($"SELECT *, xmin FROM peer_workers WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Worker", request.WorkerId);
        var leftOn = IsoDates.ParseIsoDate(request.LeftOn);
        worker.Leave(leftOn, request.Reason);

        var now = clock.GetUtcNow();
        var held = await db.CaseloadReservations.Where(r => r.PeerWorkerId == worker.Id && r.ReleasedAt == null).ToListAsync(cancellationToken);
        foreach (var reservation in held)
        {
            reservation.Release(now);
        }

        outbox.Add(new PeerWorkerLeft(Guid.CreateVersion7(now), now, worker.Id, worker.TeamId, leftOn, held.Select(r => r.ReferralId).ToList()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return worker.ToContract();
    }
}
