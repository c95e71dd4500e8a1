using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class FindAvailableWorkersValidator : AbstractValidator<C.FindAvailableWorkersRequest>
{
    public FindAvailableWorkersValidator()
    {
        RuleFor(r => r).Must(r => (r.TeamId.Length > 0) != (r.Locality.Length > 0))
            .OverridePropertyName("team_id").WithMessage("Give either team_id or locality, not both.");
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID).");
        RuleFor(r => r.Locality).MaximumLength(100);
        RuleFor(r => r.PreferredGender).MaximumLength(40);
        RuleFor(r => r.PreferredLanguage).MaximumLength(60);
        RuleFor(r => r.LivedExperienceAreas).Must(a => a.Count <= 20).WithMessage("At most 20 areas.");
        RuleFor(r => r.MaxResults).InclusiveBetween(0, 50);
    }
}

internal sealed class ReserveCaseloadSlotValidator : AbstractValidator<C.ReserveCaseloadSlotRequest>
{
    public ReserveCaseloadSlotValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID).");
        RuleFor(r => r.IdempotencyKey).NotEmpty().MaximumLength(200);
        RuleFor(r => r.ReferralId).Must(id => Guid.TryParse(id, out _)).WithMessage("Must be a referral id (a UUID).");
    }
}

internal sealed class ReleaseCaseloadSlotValidator : AbstractValidator<C.ReleaseCaseloadSlotRequest>
{
    public ReleaseCaseloadSlotValidator() => RuleFor(r => r.IdempotencyKey).NotEmpty().MaximumLength(200);
}

/// <summary>
/// Finding workers for a client and holding their caseload slots. A reservation increments the
/// worker's caseload with one conditional UPDATE (only while active, trained and under capacity),
/// so concurrent reservations can never overbook; the unique idempotency key makes a retry return
/// the slot it already holds; a CHECK constraint backs both up.
/// </summary>
internal sealed class CaseloadHandlers(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.FindAvailableWorkersResponse> FindAsync(C.FindAvailableWorkersRequest request, CancellationToken cancellationToken)
    {
        var query = db.PeerWorkers.AsNoTracking()
            .Where(w => w.Status == EmploymentStatus.Active && w.TrainingComplete && w.CurrentCaseload < w.Capacity);
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(w => w.TeamId == teamId);
        }
        else
        {
            var locality = request.Locality.Trim().ToLowerInvariant();
            query = query.Where(w => w.Localities.Contains(locality));
        }

        var candidates = await query.ToListAsync(cancellationToken);
        var ranked = WorkerMatching.Rank(candidates, new ClientPreferences(request.PreferredGender, request.PreferredLanguage, request.LivedExperienceAreas));
        var response = new C.FindAvailableWorkersResponse();
        response.Workers.AddRange(ranked.Take(request.MaxResults > 0 ? request.MaxResults : 10).Select(r => new C.AvailableWorker
        {
            Worker = r.Worker.ToContract(),
            FitScore = r.FitScore,
            FreeCapacity = r.Worker.FreeCapacity,
        }));
        return response;
    }

    public async Task<C.CaseloadReservation> ReserveAsync(C.ReserveCaseloadSlotRequest request, CancellationToken cancellationToken)
    {
        var workerId = Guid.Parse(request.WorkerId);
        if (await ExistingAsync(request.IdempotencyKey, cancellationToken) is { } existing)
        {
            return Same(existing, workerId);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
            return Same((await ExistingAsync(request.IdempotencyKey, cancellationToken))!, workerId);
        }
    }

    public async Task<C.CaseloadReservation> ReleaseAsync(C.ReleaseCaseloadSlotRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only the call that flips released_at decrements, so a double release frees one slot.
        var released = await db.CaseloadReservations
            .Where(r => r.IdempotencyKey == request.IdempotencyKey && r.ReleasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReleasedAt, now), cancellationToken);
        var reservation = await ExistingAsync(request.IdempotencyKey, cancellationToken)
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

    private Task<CaseloadReservation?> ExistingAsync(string key, CancellationToken cancellationToken) =>
        db.CaseloadReservations.AsNoTracking().SingleOrDefaultAsync(r => r.IdempotencyKey == key, cancellationToken);

    private static C.CaseloadReservation Same(CaseloadReservation existing, Guid workerId) =>
        existing.PeerWorkerId == workerId
            ? existing.ToContract()
            : throw new DomainRuleViolationException("The idempotency key was already used for a different worker.");
}
