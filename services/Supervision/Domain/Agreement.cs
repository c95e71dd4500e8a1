using PeerPlatform.SharedKernel;

namespace PeerPlatform.Supervision.Domain;

public enum AgreementEndReason
{
    ArrangementChanged = 1,
    WorkerLeft = 2,
    OrganisationWithdrew = 3,
    Other = 4,
}

/// <summary>
/// An organisation supervises a worker, at least every <see cref="FrequencyDays"/> days, from
/// <see cref="StartsOn"/> until <see cref="EndsOn"/>. A worker has at most one agreement in force
/// on any day.
/// </summary>
public sealed class Agreement
{
    public const int MinFrequencyDays = 7;
    public const int MaxFrequencyDays = 92;

    private Agreement()
    {
    }

    public Guid Id { get; private set; }

    public string OrganisationId { get; private set; } = "";

    public Guid WorkerId { get; private set; }

    public int FrequencyDays { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateOnly? EndsOn { get; private set; }

    public AgreementEndReason? EndReason { get; private set; }

    /// <summary>The overdue episode (see <see cref="Compliance.ShouldRaiseOverdue"/>) already announced.</summary>
    public DateOnly? OverdueRaisedForEpisode { get; private set; }

    public SupervisionAgreement Terms => new(Id, OrganisationId, WorkerId, FrequencyDays, StartsOn, EndsOn);

    public static Agreement Create(string organisationId, SupervisedWorker worker, int frequencyDays, DateOnly startsOn, IEnumerable<Agreement> workersOtherAgreements, DateTimeOffset now)
    {
        if (frequencyDays is < MinFrequencyDays or > MaxFrequencyDays)
        {
            throw new DomainRuleViolationException($"Supervision frequency is between {MinFrequencyDays} and {MaxFrequencyDays} days.");
        }

        if (worker.StartedOn is null)
        {
            throw new DomainRuleViolationException("The worker's hiring has not reached Supervision yet.");
        }

        if (startsOn < worker.StartedOn)
        {
            throw new DomainRuleViolationException($"An agreement cannot start before the worker does ({worker.StartedOn:yyyy-MM-dd}).");
        }

        if (worker.LeftOn is { } left && startsOn > left)
        {
            throw new DomainRuleViolationException($"The worker left on {left:yyyy-MM-dd}.");
        }

        var clash = workersOtherAgreements.FirstOrDefault(a => a.Overlaps(startsOn, null));
        if (clash is not null)
        {
            throw new DomainRuleViolationException(
                $"The worker already has agreement {clash.Id} in force from {clash.StartsOn:yyyy-MM-dd}{(clash.EndsOn is { } end ? $" to {end:yyyy-MM-dd}" : "")}; end it first.");
        }

        return new Agreement
        {
            Id = Guid.CreateVersion7(now),
            OrganisationId = organisationId,
            WorkerId = worker.Id,
            FrequencyDays = frequencyDays,
            StartsOn = startsOn,
        };
    }

    public bool IsActiveOn(DateOnly day) => Terms.IsActiveOn(day);

    public bool Overlaps(DateOnly start, DateOnly? end) =>
        (EndsOn is null || start <= EndsOn) && (end is null || StartsOn <= end);

    public void End(DateOnly endsOn, AgreementEndReason reason)
    {
        if (EndsOn is not null)
        {
            throw new DomainRuleViolationException($"The agreement already ended on {EndsOn:yyyy-MM-dd}.");
        }

        if (endsOn < StartsOn)
        {
            throw new DomainRuleViolationException($"An agreement cannot end before it starts ({StartsOn:yyyy-MM-dd}).");
        }

        EndsOn = endsOn;
        EndReason = reason;
    }

    /// <summary>
    /// The worker left: the agreement ends on the leaving date (or on its start, if it had not begun),
    /// or earlier if it already ended earlier. Returns whether anything changed.
    /// </summary>
    public bool EndBecauseWorkerLeft(DateOnly leftOn)
    {
        if (EndsOn is { } ended && ended <= leftOn)
        {
            return false;
        }

        EndsOn = leftOn < StartsOn ? StartsOn : leftOn;
        EndReason = AgreementEndReason.WorkerLeft;
        return true;
    }

    public void RecordOverdueRaised(DateOnly episode) => OverdueRaisedForEpisode = episode;
}
