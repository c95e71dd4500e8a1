using System.Data;
using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Records;

internal sealed class RunRetentionValidator : AbstractValidator<C.RunRetentionRequest>
{
    public RunRetentionValidator()
    {
        RuleFor(r => r.Mode).NotEqual(C.RetentionRunMode.Unspecified).WithMessage("Say DRY_RUN to list who is due, or ERASE to erase them.").IsInEnum();
    }
}

/// <summary>
/// The retention review: finds every client whose records passed their period
/// (<see cref="RetentionPolicy"/>), erases those not under a legal hold through
/// <see cref="ClientEraser"/> (one transaction per client, so a failure stops nothing already
/// done), and keeps a record of the run. One run at a time across replicas (an advisory lock).
/// </summary>
internal sealed class RunRetentionHandler(ReferralDbContext db, ClientEraser eraser, RetentionClock retentionClock, IOptions<RecordsOptions> options, Caller caller, TimeProvider clock, ILogger<RunRetentionHandler> logger)
{
    // "peer.referral retention" as a number: any constant distinct from the service's other locks.
    private const long RunLock = 0x7065657272657431;

    public async Task<C.RetentionRun> HandleAsync(C.RunRetentionRequest request, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({RunLock}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                throw new DomainRuleViolationException("A retention run is in progress; try again when it has finished.");
            }

            try
            {
                return await RunAsync(request.Mode == C.RetentionRunMode.DryRun, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({RunLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<C.RetentionRun> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var today = retentionClock.Today();
        var policy = new RetentionPolicy(options.Value.CareRecordYears, options.Value.NotStartedReferralYears);
        var candidates = await db.Clients.AsNoTracking()
            .Where(c => c.MergedInto == null)
            .Select(c => new
            {
                c.Id,
                c.RegisteredAt,
                Referrals = db.Referrals.Where(r => r.ClientId == c.Id).Select(r => new
                {
                    Closed = r.Status == ReferralStatus.Declined || r.Status == ReferralStatus.NotAccepted
                        || r.Status == ReferralStatus.Ended || r.Status == ReferralStatus.Withdrawn,
                    Started = r.FirstContactAt != null,
                    LastChange = r.History.Max(h => (DateTimeOffset?)h.ChangedAt),
                    LastContact = db.PeerContacts.Where(p => p.ReferralId == r.Id).Max(p => (DateTimeOffset?)p.ContactAt),
                    r.ReceivedAt,
                }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var held = (await db.LegalHolds.AsNoTracking().Where(h => h.ReleasedAt == null).Select(h => h.ClientId).ToListAsync(cancellationToken)).ToHashSet();

        var due = new List<C.DueClient>();
        foreach (var candidate in candidates)
        {
            var activity = candidate.Referrals
                .Select(r => new ReferralActivity(r.Closed, r.Started, Latest(r.ReceivedAt, r.LastChange, r.LastContact)))
                .ToList();
            if (policy.Decide(candidate.RegisteredAt, activity) is { } decision && RetentionPolicy.IsDue(decision, today))
            {
                due.Add(new C.DueClient { ClientId = candidate.Id.ToString(), Rule = decision.Rule, KeptUntil = decision.KeptUntil.ToIsoDate(), Held = held.Contains(candidate.Id) });
            }
        }

        var erased = 0;
        if (!dryRun)
        {
            foreach (var client in due.Where(d => !d.Held))
            {
                await eraser.EraseAsync(Guid.Parse(client.ClientId), ErasureBases.RetentionExpired, cancellationToken);
                db.ChangeTracker.Clear();
                erased++;
            }
        }

        var run = new RetentionRunRecord
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            RanAt = clock.GetUtcNow(),
            AsOf = today,
            DryRun = dryRun,
            Due = due.Count,
            Erased = erased,
            Held = due.Count(d => d.Held),
            RanBy = caller.Actor,
        };
        db.RetentionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Retention run as of {AsOf}: {Due} clients due, {Erased} erased, {Held} held (dry run: {DryRun})", today, run.Due, erased, run.Held, dryRun);
        var response = new C.RetentionRun
        {
            RunId = run.Id.ToString(),
            RanAt = Timestamp.FromDateTimeOffset(run.RanAt),
            AsOf = today.ToIsoDate(),
            DryRun = dryRun,
            Erased = erased,
            Held = run.Held,
        };
        response.Due.AddRange(due);
        return response;
    }

    private static DateTimeOffset Latest(DateTimeOffset received, DateTimeOffset? change, DateTimeOffset? contact) =>
        new[] { received, change ?? received, contact ?? received }.Max();
}

/// <summary>Runs the retention review once a day at <see cref="RecordsOptions.RetentionRunAt"/> (Europe/London).</summary>
internal sealed class RetentionSchedule(IServiceScopeFactory scopes, IOptions<RecordsOptions> options, TimeProvider clock, ILogger<RetentionSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(UntilNextRun(clock.GetUtcNow(), options.Value.RetentionRunAt), clock, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RunRetentionHandler>().HandleAsync(new C.RunRetentionRequest { Mode = C.RetentionRunMode.Erase }, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Tomorrow's run tries again; the alert on peer.records.clients_erased staying flat is in docs/operations.md.
                logger.LogError(exception, "The daily retention run failed");
            }
        }
    }

    /// <summary>How long from <paramref name="now"/> until the next <paramref name="at"/>, trust local time.</summary>
    public static TimeSpan UntilNextRun(DateTimeOffset now, TimeOnly at)
    {
        var zone = TrustCalendar.TimeZone;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var next = local.Date + at.ToTimeSpan();
        if (next <= local.DateTime)
        {
            next = next.AddDays(1);
        }

        return new DateTimeOffset(next, zone.GetUtcOffset(next)) - now;
    }
}
