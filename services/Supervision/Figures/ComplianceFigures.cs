using Microsoft.EntityFrameworkCore;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Figures;

/// <summary>An agreement and its worker's last held session under it.</summary>
internal sealed record AgreementStanding(Agreement Agreement, DateTimeOffset? LastHeldAt)
{
    public WorkerCompliance ComplianceOn(DateOnly day) => Compliance.For(
        Agreement.Terms,
        LastHeldAt is { } at ? [new HeldSession(Agreement.OrganisationId, at, [Agreement.WorkerId])] : [],
        day);
}

/// <summary>
/// Compliance figures for the trust, its operators and (for their own workers) partner
/// organisations. Figures only: no notes, no names. The reading here is shared by the figures'
/// handlers, <see cref="OverdueMonitor"/> and the overdue gauge, so they cannot disagree.
/// </summary>
internal static class ComplianceFigures
{
    /// <summary>
    /// Each agreement with its worker's last held session by the agreement's organisation, found in
    /// the database (one correlated aggregate, not every session).
    /// </summary>
    public static Task<List<AgreementStanding>> StandingsAsync(SupervisionDbContext db, IQueryable<Agreement> agreements, CancellationToken cancellationToken) =>
        agreements
            .Select(a => new AgreementStanding(
                a,
                db.Sessions
                    .Where(s => s.Status == SessionStatus.Held && s.PartnerOrganisationId == a.OrganisationId && s.AttendeeWorkerIds.Contains(a.WorkerId))
                    .Max(s => (DateTimeOffset?)s.ScheduledFor)))
            .ToListAsync(cancellationToken);

    public static IQueryable<Agreement> ActiveOn(IQueryable<Agreement> agreements, DateOnly day) =>
        agreements.Where(a => a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day));
}
