using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Workers;

internal static class WorkerRecords
{
    /// <summary>The worker's record, created on the first event about them, whichever arrives first.</summary>
    public static async Task<SupervisedWorker> FindOrAddAsync(SupervisionDbContext db, Guid workerId, CancellationToken cancellationToken)
    {
        var worker = await db.Workers.FindAsync([workerId], cancellationToken);
        if (worker is null)
        {
            worker = SupervisedWorker.Known(workerId);
            db.Workers.Add(worker);
        }

        return worker;
    }
}

/// <summary>A hired worker becomes available for supervision agreements.</summary>
public sealed class PeerWorkerHiredConsumer(SupervisionDbContext db, ILogger<PeerWorkerHiredConsumer> logger)
    : IdempotentConsumer<PeerWorkerHired, SupervisionDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerHired message, CancellationToken cancellationToken)
    {
        var worker = await WorkerRecords.FindOrAddAsync(Db, message.WorkerId, cancellationToken);

        worker.Hired(message.TeamId, message.StartDate);
    }
}

/// <summary>
/// A worker who leaves ends every agreement on the leaving date. Tolerates arriving before the
/// hiring event (the worker is recorded as left; hiring then fills in the rest).
/// </summary>
public sealed class PeerWorkerLeftConsumer(SupervisionDbContext db, Outbox<SupervisionDbContext> outbox, TimeProvider clock, ILogger<PeerWorkerLeftConsumer> logger)
    : IdempotentConsumer<PeerWorkerLeft, SupervisionDbContext>(db, logger)
{
    protected override async Task HandleAsync(PeerWorkerLeft message, CancellationToken cancellationToken)
    {
        var worker = await WorkerRecords.FindOrAddAsync(Db, message.WorkerId, cancellationToken);

        worker.Left(message.LeftOn);
        var now = clock.GetUtcNow();
        var agreements = await Db.Agreements.Where(a => a.WorkerId == message.WorkerId).ToListAsync(cancellationToken);
        foreach (var agreement in agreements.Where(a => a.EndBecauseWorkerLeft(message.LeftOn)))
        {
            outbox.Add(new SupervisionAgreementEnded(Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.EndsOn!.Value, nameof(AgreementEndReason.WorkerLeft)));
        }
    }
}

internal sealed class ListSupervisedWorkersValidator : AbstractValidator<C.ListSupervisedWorkersRequest>
{
    public ListSupervisedWorkersValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Workers known from Workforce, with the agreement in force today: what the trust needs to arrange supervision.</summary>
internal sealed class WorkerHandlers(SupervisionDbContext db, TimeProvider clock)
{
    public async Task<C.ListSupervisedWorkersResponse> ListAsync(C.ListSupervisedWorkersRequest request, CancellationToken cancellationToken)
    {
        var today = Compliance.LocalDate(clock.GetUtcNow());
        var query = db.Workers.AsNoTracking()
            .Where(w => w.StartedOn != null)
            .Select(w => new
            {
                Worker = w,
                Current = db.Agreements.Where(a => a.WorkerId == w.Id && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today)).FirstOrDefault(),
            });
        if (request.WithoutAgreement)
        {
            query = query.Where(x => x.Current == null && (x.Worker.LeftOn == null || x.Worker.LeftOn >= today));
        }

        var (rows, next) = await query.OrderBy(x => x.Worker.StartedOn).ThenBy(x => x.Worker.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        var response = new C.ListSupervisedWorkersResponse { NextPageToken = next };
        response.Workers.AddRange(rows.Select(x => new C.SupervisedWorker
        {
            WorkerId = x.Worker.Id.ToString(),
            TeamId = x.Worker.TeamId?.ToString() ?? "",
            StartedOn = x.Worker.StartedOn.ToIsoDate(),
            LeftOn = x.Worker.LeftOn.ToIsoDate(),
            CurrentAgreementId = x.Current?.Id.ToString() ?? "",
            CurrentOrganisationId = x.Current?.OrganisationId ?? "",
        }));
        return response;
    }
}
