using PeerPlatform.SharedKernel;

namespace PeerPlatform.Workforce.Domain;

public enum ApplicantStage
{
    Applied = 1,
    Shortlisted = 2,
    Interviewed = 3,
    Offered = 4,
    Hired = 5,
    Rejected = 6,
    Withdrawn = 7,
}

public enum CheckStatus
{
    Pending = 1,
    Cleared = 2,
    Failed = 3,
}

/// <summary>Why an applicant was not appointed. Lived experience is never a reason: the post requires it.</summary>
public enum RejectionReason
{
    DidNotMeetEssentialCriteria = 1,
    InterviewPerformance = 2,
    PreEmploymentChecksFailed = 3,
    PostFilled = 4,
    Other = 5,
}

/// <summary>
/// A person applying for a vacancy, moving Applied → Shortlisted → Interviewed → Offered → Hired,
/// or leaving as Rejected or Withdrawn. Only an offered applicant whose references and DBS check
/// have cleared can be hired.
/// </summary>
public sealed class Applicant
{
    private static readonly string[] LivedExperienceWords = ["lived experience", "mental health history", "mental illness", "diagnosis", "psychiatric history"];

    private Applicant()
    {
    }

    public Guid Id { get; private set; }

    public Guid VacancyId { get; private set; }

    public string GivenName { get; private set; } = "";

    public string FamilyName { get; private set; } = "";

    /// <summary>Declared by the applicant; informs matching later, never selection.</summary>
    public bool DeclaresLivedExperience { get; private set; }

    public ApplicantStage Stage { get; private set; }

    public CheckStatus ReferencesCheck { get; private set; } = CheckStatus.Pending;

    public CheckStatus DbsCheck { get; private set; } = CheckStatus.Pending;

    public RejectionReason? RejectionReason { get; private set; }

    public string? OutcomeNote { get; private set; }

    public Guid? PeerWorkerId { get; private set; }

    public DateTimeOffset AppliedAt { get; private set; }

    public bool IsClosed => Stage is ApplicantStage.Hired or ApplicantStage.Rejected or ApplicantStage.Withdrawn;

    public static Applicant Apply(Guid vacancyId, string givenName, string familyName, bool declaresLivedExperience, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        VacancyId = vacancyId,
        GivenName = givenName.Trim(),
        FamilyName = familyName.Trim(),
        DeclaresLivedExperience = declaresLivedExperience,
        Stage = ApplicantStage.Applied,
        AppliedAt = now,
    };

    /// <summary>Moves one step along the pipeline: Applied → Shortlisted → Interviewed → Offered.</summary>
    public void AdvanceTo(ApplicantStage stage)
    {
        var next = Stage switch
        {
            ApplicantStage.Applied => ApplicantStage.Shortlisted,
            ApplicantStage.Shortlisted => ApplicantStage.Interviewed,
            ApplicantStage.Interviewed => ApplicantStage.Offered,
            _ => (ApplicantStage?)null,
        };
        if (next != stage)
        {
            throw new DomainRuleViolationException(
                next is null
                    ? $"An applicant who is {Stage} cannot move to {stage}."
                    : $"An applicant who is {Stage} can only move to {next}, not {stage}.");
        }

        Stage = stage;
    }

    public void Reject(RejectionReason reason, string? note)
    {
        EnsureOpen();
        if (note is not null && LivedExperienceWords.Any(word => note.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleViolationException("Lived experience is never a reason for rejection.");
        }

        if (reason == Domain.RejectionReason.Other && string.IsNullOrWhiteSpace(note))
        {
            throw new DomainRuleViolationException("A rejection for another reason needs a note saying what it was.");
        }

        Stage = ApplicantStage.Rejected;
        RejectionReason = reason;
        OutcomeNote = note?.Trim();
    }

    public void Withdraw(string? note)
    {
        EnsureOpen();
        Stage = ApplicantStage.Withdrawn;
        OutcomeNote = note?.Trim();
    }

    public void RecordReferences(CheckStatus status) => ReferencesCheck = RecordCheck(status);

    public void RecordDbs(CheckStatus status) => DbsCheck = RecordCheck(status);

    /// <summary>Hires the applicant: only from Offered, and only with both checks cleared.</summary>
    public void Hire(Guid peerWorkerId)
    {
        if (Stage != ApplicantStage.Offered)
        {
            throw new DomainRuleViolationException($"Only an offered applicant can be hired; this one is {Stage}.");
        }

        if (ReferencesCheck != CheckStatus.Cleared || DbsCheck != CheckStatus.Cleared)
        {
            throw new DomainRuleViolationException("An applicant can be hired only when references and the DBS check have cleared.");
        }

        Stage = ApplicantStage.Hired;
        PeerWorkerId = peerWorkerId;
    }

    private CheckStatus RecordCheck(CheckStatus status)
    {
        EnsureOpen();
        return status;
    }

    private void EnsureOpen()
    {
        if (IsClosed)
        {
            throw new DomainRuleViolationException($"The application is already closed ({Stage}).");
        }
    }
}
