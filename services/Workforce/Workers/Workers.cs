using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class GetWorkerValidator : AbstractValidator<C.GetWorkerRequest>
{
    public GetWorkerValidator() => RuleFor(r => r.WorkerId).RecordId("a worker");
}

internal sealed class ListWorkersValidator : AbstractValidator<C.ListWorkersRequest>
{
    public ListWorkersValidator()
    {
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ChangeWorkerStatusValidator : AbstractValidator<C.ChangeWorkerStatusRequest>
{
    public ChangeWorkerStatusValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.Status).Must(s => s is C.EmploymentStatus.Active or C.EmploymentStatus.OnLeave)
            .WithMessage("Must be ACTIVE or ON_LEAVE; use RecordLeaving when a worker leaves.");
    }
}

internal sealed class RecordLeavingValidator : AbstractValidator<C.RecordLeavingRequest>
{
    public RecordLeavingValidator()
    {
        RuleFor(r => r.WorkerId).RecordId("a worker");
        RuleFor(r => r.LeftOn).IsoDate();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
    }
}

/// <summary>Employed peer workers: status, and leaving (which releases the whole caseload).</summary>
internal sealed class WorkerHandlers(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.PeerWorker> GetAsync(C.GetWorkerRequest request, CancellationToken cancellationToken) =>
        (await FindAsync(request.WorkerId, cancellationToken, tracked: false)).ToContract();

    public async Task<C.ListWorkersResponse> ListAsync(C.ListWorkersRequest request, CancellationToken cancellationToken)
    {
        var query = db.PeerWorkers.AsNoTracking();
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(w => w.TeamId == teamId);
        }

        if (request.Status != C.EmploymentStatus.Unspecified)
        {
            var status = (EmploymentStatus)request.Status;
            query = query.Where(w => w.Status == status);
        }

        if (request.ReadyOnly)
        {
            query = query.Where(w => w.TrainingComplete);
        }

        var (workers, next) = await query.OrderBy(w => w.StartDate).ThenBy(w => w.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        var response = new C.ListWorkersResponse { NextPageToken = next };
        response.Workers.AddRange(workers.Select(w => w.ToContract()));
        return response;
    }

    public async Task<C.PeerWorker> ChangeStatusAsync(C.ChangeWorkerStatusRequest request, CancellationToken cancellationToken)
    {
        var worker = await FindAsync(request.WorkerId, cancellationToken);
        worker.ChangeStatus((EmploymentStatus)request.Status);
        await db.SaveChangesAsync(cancellationToken);
        return worker.ToContract();
    }

    /// <summary>
    /// Records leaving, releases every held slot and emits PeerWorkerLeft with the referrals that
    /// need re-matching, all in one transaction.
    /// </summary>
    public async Task<C.PeerWorker> RecordLeavingAsync(C.RecordLeavingRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Lock the worker first: a reservation racing with leaving either commits before this
        // (and is released below) or waits and then finds the worker gone.
        var id = Guid.Parse(request.WorkerId);
        var worker = await db.PeerWorkers.FromSql($"SELECT *, xmin FROM peer_workers WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Worker", request.WorkerId);
        var leftOn = ValidationRules.ParseIsoDate(request.LeftOn);
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

    private async Task<PeerWorker> FindAsync(string id, CancellationToken cancellationToken, bool tracked = true)
    {
        var query = tracked ? db.PeerWorkers : db.PeerWorkers.AsNoTracking();
        return await query.SingleOrDefaultAsync(w => w.Id == Guid.Parse(id), cancellationToken)
            ?? throw new NotFoundException("Worker", id);
    }
}
