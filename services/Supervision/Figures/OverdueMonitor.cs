using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Figures;

/// <summary>
/// Announces SupervisionOverdue when a worker passes their agreement's frequency, once per
/// episode: the episode is remembered on the agreement in the same transaction as the outbox row,
/// so a restart or a second replica never announces it twice (replicas also take turns through
/// a PostgreSQL advisory lock).
/// </summary>
internal sealed class OverdueMonitor(IServiceScopeFactory scopes, IOptions<SupervisionOptions> options, TimeProvider clock, ILogger<OverdueMonitor> logger) : BackgroundService
{
    private const long AdvisoryLockKey = 0x5355_5045_5256_4953; // "SUPERVIS"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OverdueCheckInterval, clock);
        do
        {
            try
            {
                var raised = await CheckAsync(stoppingToken);
                if (raised > 0)
                {
                    logger.LogInformation("Supervision overdue check announced {OverdueCount} new overdue episodes", raised);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Supervision overdue check failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the agreements in force; returns how many episodes were announced.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupervisionDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox<SupervisionDbContext>>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            return 0; // another replica is checking
        }

        var now = clock.GetUtcNow();
        var today = Compliance.LocalDate(now);
        var raised = 0;
        foreach (var standing in await ComplianceFigures.StandingsAsync(db, ComplianceFigures.ActiveOn(db.Agreements, today), cancellationToken))
        {
            var agreement = standing.Agreement;
            var compliance = standing.ComplianceOn(today);
            if (!Compliance.ShouldRaiseOverdue(agreement.Terms, compliance, agreement.OverdueRaisedForEpisode))
            {
                continue;
            }

            agreement.RecordOverdueRaised(compliance.LastHeldOn ?? agreement.StartsOn);
            outbox.Add(new SupervisionOverdue(
                Guid.CreateVersion7(now), now, agreement.Id, agreement.WorkerId, agreement.OrganisationId, agreement.FrequencyDays, compliance.LastHeldOn, compliance.DueBy.AddDays(1)));
            raised++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised;
    }
}
