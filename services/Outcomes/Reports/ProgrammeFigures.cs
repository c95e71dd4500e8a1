using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>What the programme report counts over the referrals read model and the hospital spells.</summary>
internal sealed record ProgrammeCounts(
    int Received,
    IReadOnlyList<(string Source, int Referrals)> ReceivedBySource,
    int Informed,
    int Consented,
    int ConsentedAndAccepted,
    int DaysToFirstContactCount,
    decimal? MedianDaysToFirstContact,
    int FirstContactWithinTarget,
    int Active,
    int ActiveWithEmployedWorker,
    MirrorImageTotals BedDays);

/// <summary>
/// The report's counts in one SQL statement, computed where the rows are instead of loading every
/// referral and spell into memory (docs/decisions/0016). The rules are those of
/// <see cref="BedDays"/> and <see cref="Statistics.Median"/>, which stay the specification: an
/// integration test checks this query against them on random data.
/// </summary>
internal sealed class ProgrammeFigures(OutcomesDbContext db, EngagementNightsLedger nights)
{
    // Period tests compare instants with the local midnights that bound the period (computed once,
    // in C#) instead of converting every row to a local date. What each engagement contributes
    // (local start, days to first contact, nights) is kept per engagement (EngagementNights)
    // instead of being worked out again on every report (docs/decisions/0016).
    private const string Query = """
        WITH scope AS NOT MATERIALIZED (
            SELECT r.* FROM referrals r
            WHERE @all_teams OR r.worker_id = ANY(@team_workers)
        ),
        by_source AS (
            -- One pass over the referrals: every headline count per source, summed below.
            SELECT coalesce(source, 'unknown') AS source,
                   count(*) FILTER (WHERE received_at >= @period_start AND received_at < @period_end) AS received,
                   count(*) FILTER (WHERE received_at >= @period_start AND received_at < @period_end AND information_given_on IS NOT NULL) AS informed,
                   count(*) FILTER (WHERE received_at >= @period_start AND received_at < @period_end AND information_given_on IS NOT NULL AND consented) AS consented,
                   count(*) FILTER (WHERE received_at >= @period_start AND received_at < @period_end AND information_given_on IS NOT NULL AND consented AND accepted_at IS NOT NULL) AS accepted,
                   -- Active at the period's end: started, and neither ended nor withdrawn by then.
                   count(*) FILTER (WHERE first_contact_at < @period_end AND (ended_at IS NULL OR ended_at >= @period_end)
                                      AND (withdrawn_at IS NULL OR withdrawn_at >= @period_end)) AS active,
                   count(*) FILTER (WHERE first_contact_at < @period_end AND (ended_at IS NULL OR ended_at >= @period_end)
                                      AND (withdrawn_at IS NULL OR withdrawn_at >= @period_end) AND worker_id = ANY(@employed)) AS active_employed
            FROM scope
            GROUP BY 1
        ),
        headline AS (
            SELECT coalesce(sum(received), 0) AS received, coalesce(sum(informed), 0) AS informed, coalesce(sum(consented), 0) AS consented,
                   coalesce(sum(accepted), 0) AS accepted, coalesce(sum(active), 0) AS active, coalesce(sum(active_employed), 0) AS active_employed
            FROM by_source
        ),
        started AS MATERIALIZED (
            -- Engagements that started in the period, with their local start date, days to first
            -- contact and mirror-image nights kept per engagement (EngagementNights, brought up to
            -- date just before this statement).
            SELECT e.* FROM engagement_nights e
            WHERE e.first_contact_at >= @period_start AND e.first_contact_at < @period_end AND e.window_months = @window
              AND (@all_teams OR e.referral_id IN (SELECT referral_id FROM scope))
        ),
        contact AS (
            SELECT count(days_to_first_contact) AS days_count,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_first_contact) AS median_days,
                   count(*) FILTER (WHERE days_to_first_contact <= @target_days) AS within_target
            FROM started
        ),
        beds AS (
            -- Engagements whose after-window has elapsed by today.
            SELECT client_id, count(*) AS engagements, sum(nights_before) AS before, sum(nights_after) AS after,
                   sum(admissions_before) AS admissions_before, sum(admissions_after) AS admissions_after,
                   bool_or(admitted_before) AS admitted_before, bool_or(admitted_after) AS admitted_after
            FROM started
            WHERE client_id IS NOT NULL AND (started_on + make_interval(months => @window))::date <= @today
            GROUP BY client_id
        ),
        bed_totals AS (
            -- Clients admitted count once however many engagements they had.
            SELECT coalesce(sum(engagements), 0) AS engagements, coalesce(sum(before), 0) AS before, coalesce(sum(after), 0) AS after,
                   coalesce(sum(admissions_before), 0) AS admissions_before, coalesce(sum(admissions_after), 0) AS admissions_after,
                   count(*) FILTER (WHERE admitted_before) AS admitted_before, count(*) FILTER (WHERE admitted_after) AS admitted_after
            FROM beds
        )
        SELECT headline.*, contact.*, bed_totals.*,
               (SELECT coalesce(array_agg(source ORDER BY source), '{}') FROM by_source WHERE received > 0) AS sources,
               (SELECT coalesce(array_agg(received ORDER BY source), '{}') FROM by_source WHERE received > 0) AS source_counts
        FROM headline, contact, bed_totals
        """;

    public async Task<ProgrammeCounts> CountAsync(
        DateOnly from, DateOnly to, DateOnly today, Guid[]? teamWorkers, Guid[] employedWorkers, int windowMonths, int firstContactTargetDays, CancellationToken cancellationToken)
    {
        var periodStart = TrustCalendar.StartOfLocalDay(from);
        var periodEnd = TrustCalendar.StartOfLocalDay(to.AddDays(1));
        await nights.CatchUpAsync(windowMonths, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue("zone", TrustCalendar.TimeZone.Id);
            command.Parameters.AddWithValue("all_teams", teamWorkers is null);
            command.Parameters.AddWithValue("team_workers", teamWorkers ?? []);
            command.Parameters.AddWithValue("employed", employedWorkers);
            command.Parameters.AddWithValue("period_start", periodStart);
            command.Parameters.AddWithValue("period_end", periodEnd);
            command.Parameters.AddWithValue("today", today);
            command.Parameters.AddWithValue("window", windowMonths);
            command.Parameters.AddWithValue("target_days", firstContactTargetDays);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            int Count(string column) => checked((int)Convert.ToInt64(reader[column]));
            var sources = reader.GetFieldValue<string[]>(reader.GetOrdinal("sources"));
            var sourceCounts = reader.GetFieldValue<long[]>(reader.GetOrdinal("source_counts"));
            var median = reader["median_days"] is double value ? (decimal?)value : null;
            return new ProgrammeCounts(
                Count("received"),
                [.. sources.Zip(sourceCounts, (source, referrals) => (source, checked((int)referrals)))],
                Count("informed"),
                Count("consented"),
                Count("accepted"),
                Count("days_count"),
                median,
                Count("within_target"),
                Count("active"),
                Count("active_employed"),
                new MirrorImageTotals(
                    Count("engagements"), Count("before"), Count("after"), Count("admitted_before"), Count("admitted_after"),
                    Count("admissions_before"), Count("admissions_after")));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
