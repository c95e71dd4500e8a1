using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.UnitTests.Workforce;

public sealed class RecruitmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Applicant Offered()
    {
        var applicant = Applicant.Apply(Guid.NewGuid(), "Kim", "Ng", declaresLivedExperience: true, Now);
        applicant.AdvanceTo(ApplicantStage.Shortlisted);
        applicant.AdvanceTo(ApplicantStage.Interviewed);
        applicant.AdvanceTo(ApplicantStage.Offered);
        return applicant;
    }

    [Fact]
    public void An_applicant_moves_one_stage_at_a_time()
    {
        var applicant = Applicant.Apply(Guid.NewGuid(), "Kim", "Ng", true, Now);
        var skip = Assert.Throws<DomainRuleViolationException>(() => applicant.AdvanceTo(ApplicantStage.Offered));
        Assert.Contains("only move to Shortlisted", skip.Message);

        applicant.AdvanceTo(ApplicantStage.Shortlisted);
        Assert.Throws<DomainRuleViolationException>(() => applicant.AdvanceTo(ApplicantStage.Shortlisted));
        Assert.Equal(ApplicantStage.Shortlisted, applicant.Stage);
    }

    [Fact]
    public void Hiring_needs_an_offer_and_both_checks_cleared()
    {
        var notOffered = Applicant.Apply(Guid.NewGuid(), "Kim", "Ng", true, Now);
        Assert.Throws<DomainRuleViolationException>(() => notOffered.Hire(Guid.NewGuid()));

        var offered = Offered();
        var pending = Assert.Throws<DomainRuleViolationException>(() => offered.Hire(Guid.NewGuid()));
        Assert.Contains("DBS", pending.Message);

        offered.RecordReferences(CheckStatus.Cleared);
        Assert.Throws<DomainRuleViolationException>(() => offered.Hire(Guid.NewGuid()));
        offered.RecordDbs(CheckStatus.Failed);
        Assert.Throws<DomainRuleViolationException>(() => offered.Hire(Guid.NewGuid()));
        offered.RecordDbs(CheckStatus.Cleared);

        var workerId = Guid.NewGuid();
        offered.Hire(workerId);
        Assert.Equal(ApplicantStage.Hired, offered.Stage);
        Assert.Equal(workerId, offered.PeerWorkerId);
        Assert.Throws<DomainRuleViolationException>(() => offered.Withdraw("changed mind"));
    }

    [Theory]
    [InlineData("Concerns about their lived experience")]
    [InlineData("mental health history")]
    [InlineData("Recent DIAGNOSIS")]
    public void Lived_experience_is_never_a_reason_for_rejection(string note)
    {
        var applicant = Offered();
        var exception = Assert.Throws<DomainRuleViolationException>(() => applicant.Reject(RejectionReason.Other, note));
        Assert.Contains("never a reason", exception.Message);
        Assert.Equal(ApplicantStage.Offered, applicant.Stage);
    }

    [Fact]
    public void Rejection_and_withdrawal_close_the_application_from_any_open_stage()
    {
        var rejected = Applicant.Apply(Guid.NewGuid(), "A", "B", false, Now);
        rejected.Reject(RejectionReason.DidNotMeetEssentialCriteria, null);
        Assert.Equal(ApplicantStage.Rejected, rejected.Stage);
        Assert.Throws<DomainRuleViolationException>(() => rejected.AdvanceTo(ApplicantStage.Shortlisted));
        Assert.Throws<DomainRuleViolationException>(() => rejected.RecordDbs(CheckStatus.Cleared));

        var withdrawn = Offered();
        withdrawn.Withdraw("Took another job");
        Assert.Equal(ApplicantStage.Withdrawn, withdrawn.Stage);
        Assert.Throws<DomainRuleViolationException>(() => withdrawn.Reject(RejectionReason.PostFilled, null));
    }

    [Fact]
    public void Another_reason_needs_a_note()
    {
        Assert.Throws<DomainRuleViolationException>(() => Offered().Reject(RejectionReason.Other, " "));
    }

    [Fact]
    public void A_vacancy_accepts_applications_until_its_closing_date()
    {
        var vacancy = Vacancy.Open(Guid.NewGuid(), 30m, new DateOnly(2026, 12, 1), Now);
        vacancy.EnsureAcceptsApplications(new DateOnly(2026, 12, 1));
        Assert.Throws<DomainRuleViolationException>(() => vacancy.EnsureAcceptsApplications(new DateOnly(2026, 12, 2)));
        vacancy.MarkFilled();
        Assert.Throws<DomainRuleViolationException>(() => vacancy.EnsureAcceptsApplications(new DateOnly(2026, 11, 27)));
        Assert.Throws<DomainRuleViolationException>(() => Vacancy.Open(Guid.NewGuid(), 0m, new DateOnly(2026, 12, 1), Now));
    }
}
