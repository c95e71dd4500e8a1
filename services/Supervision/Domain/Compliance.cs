namespace PeerPlatform.Supervision.Domain;

/// <summary>Which organisation supervises which worker, how often, from when until when.</summary>
public sealed record SupervisionAgreement(Guid Id, string PartnerOrganisationId, Guid WorkerId, int FrequencyDays, DateOnly StartsOn, DateOnly? EndsOn)
{
    public bool IsActiveOn(DateOnly day) => day >= StartsOn && (EndsOn is null || day <= EndsOn);
}

public sealed record WorkerCompliance(Guid WorkerId, DateOnly? LastHeldOn, int? DaysSinceLastHeld, bool Overdue);

/// <summary>
/// Supervision compliance, in the trust's local calendar (Europe/London): a session held at 00:30
/// on 1 March in summer time is a March session even though it is still February in UTC.
/// A worker is compliant on a day when a held session (individual, or a group they attended) lies
/// within the agreement's frequency, or the agreement is younger than its frequency. Cancelled,
/// missed and scheduled sessions never count.
/// </summary>
public static class Compliance
{
    public static readonly TimeZoneInfo TrustTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TrustTimeZone).DateTime);

    /// <summary>The local date of the worker's last held session on or before <paramref name="asOf"/>.</summary>
    public static DateOnly? LastHeldOn(Guid workerId, IEnumerable<SupervisionSession> sessions, DateOnly asOf) =>
        sessions
            .Where(s => s.Status == SessionStatus.Held && s.AttendeeWorkerIds.Contains(workerId))
            .Select(s => LocalDate(s.ScheduledFor))
            .Where(day => day <= asOf)
            .Select(day => (DateOnly?)day)
            .Max();

    public static WorkerCompliance For(SupervisionAgreement agreement, IEnumerable<SupervisionSession> sessions, DateOnly asOf)
    {
        var lastHeld = LastHeldOn(agreement.WorkerId, sessions, asOf);
        var since = lastHeld is { } held ? asOf.DayNumber - held.DayNumber : (int?)null;
        var reference = lastHeld ?? agreement.StartsOn;
        var overdue = agreement.IsActiveOn(asOf) && asOf.DayNumber - reference.DayNumber > agreement.FrequencyDays;
        return new WorkerCompliance(agreement.WorkerId, lastHeld, since, overdue);
    }

    /// <summary>
    /// The share of an organisation's agreements active at the end of <paramref name="month"/>
    /// (or at <paramref name="today"/> for the current month) whose worker was not overdue then;
    /// null when no agreement was active.
    /// </summary>
    public static decimal? MonthlyRate(IEnumerable<SupervisionAgreement> agreements, IReadOnlyCollection<SupervisionSession> sessions, int year, int month, DateOnly today)
    {
        var monthEnd = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var asOf = monthEnd < today ? monthEnd : today;
        var active = agreements.Where(a => a.IsActiveOn(asOf)).ToList();
        if (active.Count == 0)
        {
            return null;
        }

        var compliant = active.Count(a => !For(a, sessions, asOf).Overdue);
        return Math.Round((decimal)compliant / active.Count, 4);
    }

    /// <summary>
    /// Whether to raise SupervisionOverdue now: once per episode, an episode being identified by
    /// the last held session it started after (or the agreement start when none was held).
    /// </summary>
    public static bool ShouldRaiseOverdue(SupervisionAgreement agreement, WorkerCompliance compliance, DateOnly? episodeAlreadyRaisedFor) =>
        compliance.Overdue && episodeAlreadyRaisedFor != (compliance.LastHeldOn ?? agreement.StartsOn);
}
