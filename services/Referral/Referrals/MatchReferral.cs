using FluentValidation;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class MatchReferralValidator : AbstractValidator<C.MatchReferralRequest>
{
    public MatchReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
    }
}

/// <summary>
/// Matches an accepted referral with a peer worker: asks Workforce for available workers fitting
/// the client's preferences, reserves a slot for the chosen (or best) one with an idempotency key
/// derived from the referral, then records the match. The referral is checked first, so no slot is
/// reserved for a referral that may not be matched; if Workforce cannot be reached the call fails
/// with Unavailable and nothing changes here. A reservation whose match was not saved is reused by
/// the retry (same key), so nothing is reserved twice.
/// </summary>
internal sealed class MatchReferralHandler(
    ReferralDbContext db,
    Outbox<ReferralDbContext> outbox,
    IAuditTrail audit,
    Caller caller,
    WorkforceService.WorkforceServiceClient workforce,
    IOptions<ProgrammeTargets> options,
    TimeProvider clock)
{
    private static readonly TimeSpan WorkforceDeadline = TimeSpan.FromSeconds(5);

    public async Task<C.Referral> HandleAsync(C.MatchReferralRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await MatchAsync(request, cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            // Workforce down or not answering: nothing was saved here. A slot it may have reserved
            // is found again by the retry, which uses the same idempotency key.
            throw new RpcException(new Status(StatusCode.Unavailable, "The Workforce service is unavailable; the referral is unchanged. Retry later."));
        }
    }

    private async Task<C.Referral> MatchAsync(C.MatchReferralRequest request, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.Include(r => r.History).SingleOrDefaultAsync(r => r.Id == Guid.Parse(request.ReferralId), cancellationToken)
            ?? throw new NotFoundException("Referral", request.ReferralId);
        referral.EnsureMatchable();
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == referral.ClientId, cancellationToken);
        if (request.TeamId.Length == 0 && client.Locality.Length == 0)
        {
            throw new DomainRuleViolationException("The client's locality is not recorded: give team_id to match within a team.");
        }

        var search = new FindAvailableWorkersRequest
        {
            TeamId = request.TeamId,
            Locality = request.TeamId.Length == 0 ? client.Locality : "",
            PreferredGender = client.PreferredWorkerGender,
            PreferredLanguage = client.PreferredLanguage,
            LivedExperienceAreas = { client.LivedExperienceAreas },
            MaxResults = 50,
        };
        var available = await workforce.FindAvailableWorkersAsync(search, deadline: DateTime.UtcNow + WorkforceDeadline, cancellationToken: cancellationToken);
        IReadOnlyList<AvailableWorker> candidates = request.WorkerId.Length > 0
            ? [available.Workers.FirstOrDefault(w => w.Worker.WorkerId == request.WorkerId)
               ?? throw new DomainRuleViolationException("That worker is not available for this client (not ready, not active, full or elsewhere).")]
            : available.Workers.ToList();
        var key = $"referral:{referral.Id}:match:{referral.MatchCount + 1}";
        var chosen = await ReserveFirstFreeAsync(candidates, key, referral.Id, cancellationToken)
            ?? throw new DomainRuleViolationException(request.WorkerId.Length > 0
                ? "That worker is not available for this client (not ready, not active, full or elsewhere)."
                : "No peer worker is available for this client now; try again later or widen the search with team_id.");

        var now = clock.GetUtcNow();
        var workerId = Guid.Parse(chosen.Worker.WorkerId);
        referral.AssignWorker(workerId, Guid.Parse(chosen.Worker.TeamId), key, caller.ClientId, now);
        outbox.Add(new PeerWorkerAssigned(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, workerId));
        audit.Add(AuditedRecords.Referral, request.ReferralId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return referral.ToContract(options.Value, now);
    }

    /// <summary>
    /// Reserves a slot with the first candidate that still has one. Another match may take a
    /// worker's last slot between the search and the reservation; Workforce then refuses it
    /// (FailedPrecondition, nothing reserved, the key unused) and the next candidate is tried.
    /// </summary>
    private async Task<AvailableWorker?> ReserveFirstFreeAsync(IReadOnlyList<AvailableWorker> candidates, string key, Guid referralId, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            try
            {
                await workforce.ReserveCaseloadSlotAsync(new ReserveCaseloadSlotRequest
                {
                    WorkerId = candidate.Worker.WorkerId,
                    IdempotencyKey = key,
                    ReferralId = referralId.ToString(),
                }, deadline: DateTime.UtcNow + WorkforceDeadline, cancellationToken: cancellationToken);
                return candidate;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
            {
            }
        }

        return null;
    }
}
