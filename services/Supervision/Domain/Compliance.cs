using PeerPlatform.SharedKernel;

namespace PeerPlatform.Supervision.Domain;

/// <summary>Which organisation supervises which worker, how often, from when until when.</summary>
public sealed record SupervisionAgreement(Guid Id, string PartnerOrganisationId, Guid WorkerId, int FrequencyDays, DateOnly StartsOn, DateOnly? EndsOn)
{
    public bool IsActiveOn(DateOnly day) => day >= StartsOn && (EndsOn is null || day <= EndsOn);
}

/// <summary>What compliance needs to know about a held session: whose, when, and who attended.</summary>
public sealed record HeldSession(string PartnerOrganisationId, DateTimeOffset HeldAt, IReadOnlyCollection<Guid> WorkerIds);

/// <param name="DueBy">The last day a held session keeps the worker compliant; overdue from the day after.</param>
public sealed record WorkerCompliance(Guid WorkerId, DateOnly? LastHeldOn, int? DaysSinceLastHeld, bool Overdue, DateOnly DueBy);

/// <summary>
/// Supervision compliance, in the trust's local calendar (Europe/London): a session held at 00:30
/// on 1 March in summer time is a March session even though it is still February in UTC.
/// A worker is compliant on a day when a held session (individual, or a group they attended) lies
/// within the agreement's frequency, or the agreement is younger than its frequency. Cancelled,
/// missed and scheduled sessions never count.
/// </summary>
public static class Compliance
{
    public static DateOnly LocalDate(DateTimeOffset instant) => TrustCalendar.LocalDate(instant);

    public static DateTimeOffset StartOfLocalDay(DateOnly day) => TrustCalendar.StartOfLocalDay(day);

    /// <summary>The local date of the worker's last held session on or before <paramref name="asOf"/>.</summary>
    public static DateOnly? LastHeldOn(Guid workerId, IEnumerable<HeldSession> sessions, DateOnly asOf) =>
        sessions
            .Where(s => s.WorkerIds.Contains(workerId))
            .Select(s => LocalDate(s.HeldAt))
            .Where(day => day <= asOf)
            .Select(day => (DateOnly?)day)
            .Max();

    /// <summary>The held ones among <paramref name="sessions"/>.</summary>
    public static IEnumerable<HeldSession> Held(this IEnumerable<SupervisionSession> sessions) =>
        sessions.Select(s => s.AsHeld()).OfType<HeldSession>();

    /// <summary>
    /// Compliance under one agreement: only sessions held by the agreement's organisation count
    /// (supervision from a previous organisation does not carry over).
    /// </summary>
    public static WorkerCompliance For(SupervisionAgreement agreement, IEnumerable<HeldSession> sessions, DateOnly asOf)
    {
        var lastHeld = LastHeldOn(agreement.WorkerId, sessions.Where(s => s.PartnerOrganisationId == agreement.PartnerOrganisationId), asOf);
        var since = lastHeld is { } held ? asOf.DayNumber - held.DayNumber : (int?)null;
        var reference = lastHeld ?? agreement.StartsOn;
        var overdue = agreement.IsActiveOn(asOf) && asOf.DayNumber - reference.DayNumber > agreement.FrequencyDays;
        return new WorkerCompliance(agreement.WorkerId, lastHeld, since, overdue, reference.AddDays(agreement.FrequencyDays));
    }

    /// <summary>
    /// The share of an organisation's agreements active at the end of <paramref name="month"/>
    /// (or at <paramref name="today"/> for the current month) whose worker was not overdue then;
    /// null when no agreement was active.
    /// </summary>
    public static decimal? MonthlyRate(IEnumerable<SupervisionAgreement> agreements, IReadOnlyCollection<HeldSession> sessions, int year, int month, DateOnly today)
    {
        var (active, compliant) = MonthlyCounts(agreements, sessions, year, month, today);
        return active == 0 ? null : Math.Round((decimal)compliant / active, 4);
    }

    /// <summary>Active and compliant agreements at the end of a month (or today for the current month).</summary>
    public static (int Active, int Compliant) MonthlyCounts(IEnumerable<SupervisionAgreement> agreements, IReadOnlyCollection<HeldSession> sessions, int year, int month, DateOnly today)
    {
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var asOf = monthEnd < today ? monthEnd : today;
        var active = agreements.Where(a => a.IsActiveOn(asOf)).ToList();
        return (active.Count, active.Count(a => !For(a, sessions, asOf).Overdue));
    }

    /// <summary>
    /// Whether to raise SupervisionOverdue now: once per episode, an episode being identified by
    /// the last held session it started after (or the agreement start when none was held).
    /// </summary>
    public static bool ShouldRaiseOverdue(SupervisionAgreement agreement, WorkerCompliance compliance, DateOnly? episodeAlreadyRaisedFor) =>
        compliance.Overdue && episodeAlreadyRaisedFor != (compliance.LastHeldOn ?? agreement.StartsOn);
}
