using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Recruitment;

/// <summary>How long unsuccessful applicants are kept (section "Records"; docs/records.md).</summary>
public sealed class ApplicantRetentionOptions
{
    /// <summary>Months after the vacancy's closing date that applicants who were not hired are kept.</summary>
    public int UnsuccessfulApplicantMonths { get; set; } = 6;

    /// <summary>How often the review runs.</summary>
    public TimeSpan ApplicantReviewInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Tests only: the retention clock's offset file (<see cref="RetentionClock"/>).</summary>
    public string? ClockOffsetFile { get; set; }
}

/// <summary>
/// Erases applicants who were not hired once their vacancy closed
/// <see cref="ApplicantRetentionOptions.UnsuccessfulApplicantMonths"/> ago: the rows go, with any
/// replayable idempotency answer naming them, and each erasure is audited (ids only). Hired
/// applicants stay: they are the worker's employment record.
/// </summary>
internal sealed class EraseUnsuccessfulApplicantsHandler(WorkforceDbContext db, IAuditTrail audit, RetentionClock retentionClock, IOptions<ApplicantRetentionOptions> options)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var closedBefore = retentionClock.Today().AddMonths(-options.Value.UnsuccessfulApplicantMonths);
        var expired = await db.Applicants
            .Where(a => a.Stage != ApplicantStage.Hired && db.Vacancies.Any(v => v.Id == a.VacancyId && v.ClosingDate < closedBefore))
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Applicants.Where(a => expired.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.ForgetAnswersNamingAsync(expired, cancellationToken);
        foreach (var id in expired)
        {
            audit.Add(AuditedRecords.Applicant, id.ToString(), AuditAction.Delete);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }
}

/// <summary>Runs <see cref="EraseUnsuccessfulApplicantsHandler"/> every <see cref="ApplicantRetentionOptions.ApplicantReviewInterval"/>.</summary>
internal sealed class ApplicantRetentionSchedule(IServiceScopeFactory scopes, IOptions<ApplicantRetentionOptions> options, TimeProvider clock, ILogger<ApplicantRetentionSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var erased = await scope.ServiceProvider.GetRequiredService<EraseUnsuccessfulApplicantsHandler>().HandleAsync(stoppingToken);
                if (erased > 0)
                {
                    logger.LogInformation("Erased {Count} unsuccessful applicants past their retention", erased);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The applicant retention review failed; it runs again at the next interval");
            }

            await Task.Delay(options.Value.ApplicantReviewInterval, clock, stoppingToken);
        }
    }
}
