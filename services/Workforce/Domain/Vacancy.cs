using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

public enum VacancyStatus
{
    Open = 1,
    Closed = 2,
    Filled = 3,
}

/// <summary>A peer support worker post in a team.</summary>
public sealed class Vacancy
{
    private Vacancy()
    {
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    public decimal ContractedHours { get; private set; }

    public DateOnly ClosingDate { get; private set; }

    public VacancyStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Vacancy Open(Guid teamId, decimal contractedHours, DateOnly closingDate, DateTimeOffset now)
    {
        if (contractedHours is <= 0 or > 48)
        {
            throw new DomainRuleViolationException("Contracted hours must be more than 0 and at most 48 a week.");
        }

        return new Vacancy
        {
            Id = Guid.CreateVersion7(now),
            TeamId = teamId,
            ContractedHours = contractedHours,
            ClosingDate = closingDate,
            Status = VacancyStatus.Open,
            CreatedAt = now,
        };
    }

    public void EnsureAcceptsApplications(DateOnly today)
    {
        if (Status != VacancyStatus.Open || today > ClosingDate)
        {
            throw new DomainRuleViolationException("The vacancy is not open for applications.");
        }
    }

    public void MarkFilled() => Status = VacancyStatus.Filled;
}
