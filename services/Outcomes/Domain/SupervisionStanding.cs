namespace PeerPlatform.Outcomes.Domain;

/// <summary>
/// Supervision compliance as Outcomes counts it from Supervision's events (the same rule the
/// Supervision service applies): on a day, a worker under an agreement is compliant when their
/// last held session with the agreement's organisation, or else the agreement's start, is no more
/// than the frequency in days before.
/// </summary>
public static class SupervisionStanding
{
    public static bool IsCompliant(DateOnly startsOn, int frequencyDays, DateOnly? lastHeldOn, DateOnly asOf) =>
        asOf.DayNumber - (lastHeldOn ?? startsOn).DayNumber <= frequencyDays;

    public static bool IsInForce(DateOnly? startsOn, DateOnly? endsOn, DateOnly day) =>
        startsOn is { } start && start <= day && (endsOn is null || day <= endsOn);
}
