using Microsoft.EntityFrameworkCore;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>
/// What the programme report needs of one engagement, worked out once: its start as a local date,
/// days from referral to first contact, and its mirror-image figures (<see cref="BedDays"/>):
/// nights and admissions in the W months before its start and the W months after. Once the
/// after-window has elapsed none of these depends on the report date (an open stay counts to the
/// window's end), so they are kept per engagement instead of converting every instant and joining
/// every engagement to every spell on each report. A row is current while its client, received and
/// first-contact instants and window match the referral's; spells change it through
/// <see cref="EngagementNightsLedger.RecomputeClientAsync"/>.
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
}

/// <summary>
/// Keeps <see cref="EngagementNights"/> current: a client's rows are recomputed in the transaction
/// that changes their spells; rows a report needs that are missing or out of date (a referral's
/// events arrived or changed it, the window setting changed, rows written behind the service's
/// back) are filled before the report counts, so the consumers applying events pay nothing. Both run the same statement; an
/// integration test checks it against the domain rules.
/// </summary>
internal sealed class EngagementNightsLedger(OutcomesDbContext db)
{
    // Nights in [ws, s) and [s, we); greatest()/least() skip NULLs, so rows without a spell are
    // filtered out of the sums rather than counted as whole windows. An engagement whose client is
    // not known yet (events arrive in any order) has no spells and no nights.
    private const string Recompute = """
        WITH engagement AS MATERIALIZED (
            -- Chosen first, so that only these engagements are joined to spells.
            SELECT referral_id, client_id, received_at, first_contact_at, s,
                   (s - make_interval(months => {0}))::date AS ws, (s + make_interval(months => {0}))::date AS we
            FROM (SELECT r.referral_id, r.client_id, r.received_at, r.first_contact_at, (r.first_contact_at AT TIME ZONE {1})::date AS s
                  FROM referrals r
                  WHERE r.first_contact_at IS NOT NULL AND {2}) AS chosen
        )
        INSERT INTO engagement_nights AS e (referral_id, client_id, received_at, first_contact_at, started_on, days_to_first_contact, window_months,
                                            nights_before, nights_after, admitted_before, admitted_after)
        SELECT m.referral_id, m.client_id, m.received_at, m.first_contact_at, m.s, m.s - (m.received_at AT TIME ZONE {1})::date, {0},
               coalesce(sum(greatest(0, least(coalesce(h.discharged_on, 'infinity'::date), m.s) - greatest(h.admitted_on, m.ws))) FILTER (WHERE h.id IS NOT NULL), 0),
               coalesce(sum(greatest(0, least(coalesce(h.discharged_on, 'infinity'::date), m.we) - greatest(h.admitted_on, m.s))) FILTER (WHERE h.id IS NOT NULL), 0),
               coalesce(bool_or(h.admitted_on >= m.ws AND h.admitted_on < m.s), false),
               coalesce(bool_or(h.admitted_on >= m.s AND h.admitted_on < m.we), false)
        FROM engagement m
        LEFT JOIN hospital_spells h ON h.client_id = m.client_id AND h.admitted_on < m.we AND (h.discharged_on IS NULL OR h.discharged_on >= m.ws)
        GROUP BY m.referral_id, m.client_id, m.received_at, m.first_contact_at, m.s, m.ws, m.we
        ON CONFLICT (referral_id) DO UPDATE SET
            client_id = excluded.client_id, received_at = excluded.received_at, first_contact_at = excluded.first_contact_at,
            started_on = excluded.started_on, days_to_first_contact = excluded.days_to_first_contact, window_months = excluded.window_months,
            nights_before = excluded.nights_before, nights_after = excluded.nights_after,
            admitted_before = excluded.admitted_before, admitted_after = excluded.admitted_after
        """;

    // Both statements are built once from constants; only parameters vary.
    private static readonly string RecomputeClient = string.Format(null, Recompute, "@window", "@zone", "r.client_id = @client");

    private static readonly string CatchUp = string.Format(null, Recompute, "@window", "@zone", """
        r.first_contact_at >= @period_start AND r.first_contact_at < @period_end
        AND NOT EXISTS (SELECT 1 FROM engagement_nights c
                        WHERE c.referral_id = r.referral_id AND c.client_id IS NOT DISTINCT FROM r.client_id
                          AND c.received_at IS NOT DISTINCT FROM r.received_at
                          AND c.first_contact_at = r.first_contact_at AND c.window_months = @window)
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

    /// <summary>
    /// Fills the rows of engagements that started in [periodStart, periodEnd) and have none that is
    /// current. A row brought up to date meanwhile by a spell's transaction is left alone (the
    /// WHERE of the update), so a report never writes back figures older than a spell's.
    /// </summary>
    public Task<int> CatchUpAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, int windowMonths, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            CatchUp,
            [Parameter("window", windowMonths), Parameter("zone", TrustCalendar.TimeZone.Id),
             Parameter("period_start", periodStart), Parameter("period_end", periodEnd)],
            cancellationToken);

    private static Npgsql.NpgsqlParameter Parameter(string name, object value) => new(name, value);
}
