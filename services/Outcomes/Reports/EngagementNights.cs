using Microsoft.EntityFrameworkCore;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>
/// What the programme report needs of one engagement, worked out once: its start as a local date,
/// days from referral to first contact (<see cref="TrustCalendar.DaysBetween"/>, in SQL), and its
/// mirror-image figures (<see cref="BedDays"/>): nights and admissions in the W months before its
/// start and the W months after. Once the
/// after-window has elapsed none of these depends on the report date (an open stay counts to the
/// window's end), so they are kept per engagement instead of converting every instant and joining
/// every engagement to every spell on each report. A row is current while its client, received and
/// first-contact instants and window match the referral's; spells change it through
/// <see cref="EngagementNightsLedger.RecomputeClientAsync"/>, and a referral's changes queue it in
/// <see cref="EngagementNightsPending"/>.
/// </summary>
public sealed class EngagementNights
{
    public Guid ReferralId { get; init; }

    public Guid? ClientId { get; set; }

    public DateTimeOffset? ReceivedAt { get; set; }

    public DateTimeOffset FirstContactAt { get; set; }

    public DateOnly StartedOn { get; set; }

    public int? DaysToFirstContact { get; set; }

    public int WindowMonths { get; set; }

    public int NightsBefore { get; set; }

    public int NightsAfter { get; set; }

    public bool AdmittedBefore { get; set; }

    public bool AdmittedAfter { get; set; }

    /// <summary>Stays admitted in the before-window (a same-day stay counts).</summary>
    public int AdmissionsBefore { get; set; }

    public int AdmissionsAfter { get; set; }
}

/// <summary>
/// An engagement whose kept figures are out of date: its referral was inserted or its client,
/// received or first-contact instant changed. Triggers on <c>referrals</c> write these rows in the
/// same transaction as the change, whoever makes it (the consumers, a migration, a bulk load), so
/// the report finds what to bring up to date without comparing every engagement.
/// </summary>
public sealed class EngagementNightsPending
{
    public Guid ReferralId { get; init; }
}

/// <summary>
/// Keeps <see cref="EngagementNights"/> current: a client's rows are recomputed in the transaction
/// that changes their spells; engagements queued as pending (a referral inserted or changed, by
/// the consumers or behind the service's back) and rows kept for another window setting are
/// brought up to date before a report counts, so the consumers applying events pay one trigger
/// row at most. Both run the same statement; an integration test checks it against the domain
/// rules.
/// </summary>
internal sealed class EngagementNightsLedger(OutcomesDbContext db)
{
    // Nights in [ws, s) and [s, we); greatest()/least() skip NULLs, so rows without a spell are
    // filtered out of the sums rather than counted as whole windows. An engagement whose client is
    // not known yet (events arrive in any order) has no spells and no nights.
    private const string Recompute = """
        WITH {3}
        engagement AS MATERIALIZED (
            -- Chosen first, so that only these engagements are joined to spells.
            SELECT referral_id, client_id, received_at, first_contact_at, s,
                   (s - make_interval(months => {0}))::date AS ws, (s + make_interval(months => {0}))::date AS we
            FROM (SELECT r.referral_id, r.client_id, r.received_at, r.first_contact_at, (r.first_contact_at AT TIME ZONE {1})::date AS s
                  FROM referrals r
                  WHERE r.first_contact_at IS NOT NULL AND {2}) AS chosen
        )
        INSERT INTO engagement_nights AS e (referral_id, client_id, received_at, first_contact_at, started_on, days_to_first_contact, window_months,
                                            nights_before, nights_after, admitted_before, admitted_after, admissions_before, admissions_after)
        SELECT m.referral_id, m.client_id, m.received_at, m.first_contact_at, m.s, m.s - (m.received_at AT TIME ZONE {1})::date, {0},
               coalesce(sum(greatest(0, least(coalesce(h.discharged_on, 'infinity'::date), m.s) - greatest(h.admitted_on, m.ws))) FILTER (WHERE h.id IS NOT NULL), 0),
               coalesce(sum(greatest(0, least(coalesce(h.discharged_on, 'infinity'::date), m.we) - greatest(h.admitted_on, m.s))) FILTER (WHERE h.id IS NOT NULL), 0),
               coalesce(bool_or(h.admitted_on >= m.ws AND h.admitted_on < m.s), false),
               coalesce(bool_or(h.admitted_on >= m.s AND h.admitted_on < m.we), false),
               count(h.id) FILTER (WHERE h.admitted_on >= m.ws AND h.admitted_on < m.s),
               count(h.id) FILTER (WHERE h.admitted_on >= m.s AND h.admitted_on < m.we)
        FROM engagement m
        LEFT JOIN hospital_spells h ON h.client_id = m.client_id AND h.admitted_on < m.we AND (h.discharged_on IS NULL OR h.discharged_on >= m.ws)
        GROUP BY m.referral_id, m.client_id, m.received_at, m.first_contact_at, m.s, m.ws, m.we
        ON CONFLICT (referral_id) DO UPDATE SET
            client_id = excluded.client_id, received_at = excluded.received_at, first_contact_at = excluded.first_contact_at,
            started_on = excluded.started_on, days_to_first_contact = excluded.days_to_first_contact, window_months = excluded.window_months,
            nights_before = excluded.nights_before, nights_after = excluded.nights_after,
            admitted_before = excluded.admitted_before, admitted_after = excluded.admitted_after,
            admissions_before = excluded.admissions_before, admissions_after = excluded.admissions_after
        """;

    // Both statements are built once from constants; only parameters vary.
    private static readonly string RecomputeClient = string.Format(null, Recompute, "@window", "@zone", "r.client_id = @client", "");

    // Takes the queue (a change committed meanwhile queues its referral again once this commits)
    // and adds the rows kept for another window. A row a spell's transaction has just brought up
    // to date for the same referral values is left alone (the WHERE of the update), so a report
    // never writes back figures older than a spell's.
    private static readonly string CatchUp = string.Format(null, Recompute, "@window", "@zone", "r.referral_id IN (SELECT referral_id FROM due)", """
        claimed AS (
            DELETE FROM engagement_nights_pending RETURNING referral_id
        ),
        due AS (
            SELECT referral_id FROM claimed
            UNION
            SELECT referral_id FROM engagement_nights WHERE window_months < @window OR window_months > @window
        ),
        """) + """

        WHERE e.client_id IS DISTINCT FROM excluded.client_id OR e.received_at IS DISTINCT FROM excluded.received_at
           OR e.first_contact_at IS DISTINCT FROM excluded.first_contact_at OR e.window_months IS DISTINCT FROM excluded.window_months
        """;

    /// <summary>Recomputes every engagement of a client; call it in the transaction that changed their spells.</summary>
    public Task<int> RecomputeClientAsync(Guid clientId, int windowMonths, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            RecomputeClient,
            [Parameter("window", windowMonths), Parameter("zone", TrustCalendar.TimeZone.Id), Parameter("client", clientId)],
            cancellationToken);

    /// <summary>After writing this many rows at once, the planner's statistics of the table are refreshed.</summary>
    private const int BulkFill = 10_000;

    /// <summary>Brings up to date the engagements queued as pending and the rows kept for another window.</summary>
    public async Task<int> CatchUpAsync(int windowMonths, CancellationToken cancellationToken)
    {
        var written = await db.Database.ExecuteSqlRawAsync(
            CatchUp,
            [Parameter("window", windowMonths), Parameter("zone", TrustCalendar.TimeZone.Id)],
            cancellationToken);
        if (written >= BulkFill)
        {
            // A first fill, a new window setting or a bulk load: without fresh statistics the
            // next reports would be planned for the table as it was (autovacuum gets there later).
            await db.Database.ExecuteSqlRawAsync("ANALYZE engagement_nights", cancellationToken);
        }

        return written;
    }

    private static Npgsql.NpgsqlParameter Parameter(string name, object value) => new(name, value);
}
