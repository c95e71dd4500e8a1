using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using ReferralAggregate = PeerPlatform.Referral.Domain.Referral;

namespace PeerPlatform.UnitTests.Referral;

public sealed class ReferralLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static ReferralAggregate Received() =>
        ReferralAggregate.Receive(Guid.NewGuid(), ReferralSource.ClinicalTeam, new Referrer("Sam", "Team", "Nurse"), "Low mood", ReferralPriority.Routine, "trust", Now.AddDays(-3));

    /// <summary>Drives a referral to <paramref name="target"/> along the happy path (or its declines).</summary>
    internal static ReferralAggregate At(ReferralStatus target)
    {
        var referral = Received();
        if (target == ReferralStatus.Received)
        {
            return referral;
        }

        if (target == ReferralStatus.Withdrawn)
        {
            referral.Withdraw("Client moved away", "trust", Now);
            return referral;
        }

        referral.RecordInformationGiven("Peer worker lead", Today, InformationMethod.InPerson, "trust", Now);
        if (target == ReferralStatus.InformationGiven)
        {
            return referral;
        }

        referral.RecordConsent(target != ReferralStatus.Declined, target == ReferralStatus.Declined ? "Not for me right now" : null, "trust", Now);
        if (target is ReferralStatus.ConsentGiven or ReferralStatus.Declined)
        {
            return referral;
        }

        if (target == ReferralStatus.NotAccepted)
        {
            referral.NotAccept("Needs crisis team first", "trust", Now);
            return referral;
        }

        referral.Accept("triage", Now);
        if (target == ReferralStatus.Accepted)
        {
            return referral;
        }

        referral.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "slot-1", "matching", Now);
        if (target == ReferralStatus.Matched)
        {
            return referral;
        }

        referral.RecordContact(Now.AddHours(-1), "worker", Now);
        if (target == ReferralStatus.Active)
        {
            return referral;
        }

        referral.End(EndReason.GoalsMet, null, "worker", Now);
        return referral;
    }

    [Fact]
    public void The_whole_journey_is_recorded_with_who_when_and_why()
    {
        var referral = At(ReferralStatus.Ended);

        Assert.Equal(
            [ReferralStatus.Received, ReferralStatus.InformationGiven, ReferralStatus.ConsentGiven, ReferralStatus.Accepted, ReferralStatus.Matched, ReferralStatus.Active, ReferralStatus.Ended],
            referral.History.Select(h => h.ToStatus));
        Assert.All(referral.History.Skip(1).Zip(referral.History), pair => Assert.Equal(pair.Second.ToStatus, pair.First.FromStatus));
        Assert.Equal(["trust", "trust", "trust", "triage", "matching", "worker", "worker"], referral.History.Select(h => h.ChangedBy));
        Assert.Equal(EndReason.GoalsMet, referral.EndReason);
        Assert.Equal(Now.AddHours(-1), referral.FirstContactAt);
    }

    public static TheoryData<ReferralStatus> NotYetConsented => new() { ReferralStatus.Received, ReferralStatus.InformationGiven, ReferralStatus.Declined };

    [Theory]
    [MemberData(nameof(NotYetConsented))]
    public void Without_information_and_consent_nothing_can_be_accepted_matched_or_started(ReferralStatus status)
    {
        var referral = At(status);

        var accept = Assert.Throws<DomainRuleViolationException>(() => referral.Accept("triage", Now));
        var match = Assert.Throws<DomainRuleViolationException>(() => referral.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "k", "matching", Now));
        var start = Assert.Throws<DomainRuleViolationException>(() => referral.RecordContact(Now, "worker", Now));

        var missing = status == ReferralStatus.Received ? "information about peer support" : "consent";
        Assert.All([accept, match, start], e => Assert.Contains(missing, e.Message));
        Assert.Equal(status, referral.Status);
    }

    [Fact]
    public void Once_consent_is_withdrawn_the_hard_rule_applies_again()
    {
        var referral = At(ReferralStatus.Accepted);
        referral.WithdrawConsent("client", Now);

        Assert.Throws<DomainRuleViolationException>(() => referral.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "k", "matching", Now));
        Assert.Equal(ReferralStatus.Withdrawn, referral.Status);
    }

    [Theory]
    [InlineData(ReferralStatus.ConsentGiven, ReferralStatus.Withdrawn, false)]
    [InlineData(ReferralStatus.Accepted, ReferralStatus.Withdrawn, false)]
    [InlineData(ReferralStatus.Matched, ReferralStatus.Withdrawn, true)]   // no engagement started: withdrawn, not ended
    [InlineData(ReferralStatus.Active, ReferralStatus.Ended, true)]
    public void Consent_withdrawal_ends_cleanly_from_every_state_it_can_happen_in(ReferralStatus from, ReferralStatus to, bool releasesSlot)
    {
        var referral = At(from);

        var slot = referral.WithdrawConsent("client", Now);

        Assert.Equal(to, referral.Status);
        Assert.Equal(releasesSlot ? "slot-1" : null, slot);
        Assert.NotNull(referral.ConsentWithdrawnAt);
        if (to == ReferralStatus.Ended)
        {
            Assert.Equal(EndReason.ConsentWithdrawn, referral.EndReason);
        }

        Assert.Throws<DomainRuleViolationException>(() => referral.WithdrawConsent("client", Now));
    }

    [Theory]
    [InlineData(ReferralStatus.Received)]
    [InlineData(ReferralStatus.InformationGiven)]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.NotAccepted)]
    [InlineData(ReferralStatus.Ended)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void Consent_that_is_not_in_force_cannot_be_withdrawn(ReferralStatus status)
    {
        Assert.Throws<DomainRuleViolationException>(() => At(status).WithdrawConsent("client", Now));
    }

    [Theory]
    [InlineData(ReferralStatus.Received, null)]
    [InlineData(ReferralStatus.InformationGiven, null)]
    [InlineData(ReferralStatus.ConsentGiven, null)]
    [InlineData(ReferralStatus.Accepted, null)]
    [InlineData(ReferralStatus.Matched, "slot-1")]
    [InlineData(ReferralStatus.Active, "slot-1")]
    public void A_referral_can_be_withdrawn_at_any_point_before_it_ends(ReferralStatus status, string? releasedSlot)
    {
        var referral = At(status);
        Assert.Equal(releasedSlot, referral.Withdraw("Client moved away", "trust", Now));
        Assert.Equal(ReferralStatus.Withdrawn, referral.Status);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.NotAccepted)]
    [InlineData(ReferralStatus.Ended)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void A_closed_referral_stays_closed(ReferralStatus status)
    {
        var referral = At(status);
        Assert.Throws<DomainRuleViolationException>(() => referral.Withdraw("again", "trust", Now));
        Assert.Throws<DomainRuleViolationException>(() => referral.RecordInformationGiven("x", Today, InformationMethod.Phone, "trust", Now));
        Assert.Equal(status, referral.Status);
    }

    [Fact]
    public void Steps_cannot_be_skipped_or_repeated()
    {
        var received = At(ReferralStatus.Received);
        Assert.Throws<DomainRuleViolationException>(() => received.RecordConsent(true, null, "trust", Now));

        var informed = At(ReferralStatus.InformationGiven);
        Assert.Throws<DomainRuleViolationException>(() => informed.RecordInformationGiven("again", Today, InformationMethod.Phone, "trust", Now));

        var accepted = At(ReferralStatus.Accepted);
        Assert.Throws<DomainRuleViolationException>(() => accepted.RecordContact(Now, "worker", Now));
        Assert.Throws<DomainRuleViolationException>(() => accepted.End(EndReason.GoalsMet, null, "worker", Now));
    }

    [Fact]
    public void Declining_and_not_accepting_need_reasons()
    {
        Assert.Throws<DomainRuleViolationException>(() => At(ReferralStatus.InformationGiven).RecordConsent(false, " ", "trust", Now));
        Assert.Throws<DomainRuleViolationException>(() => At(ReferralStatus.ConsentGiven).NotAccept("", "triage", Now));
        Assert.Throws<DomainRuleViolationException>(() => At(ReferralStatus.Active).End(EndReason.Other, null, "worker", Now));
    }

    [Fact]
    public void Later_contacts_do_not_restart_the_engagement_and_none_are_in_the_future()
    {
        var active = At(ReferralStatus.Active);
        var first = active.FirstContactAt;
        Assert.False(active.RecordContact(Now, "worker", Now));
        Assert.Equal(first, active.FirstContactAt);
        Assert.Throws<DomainRuleViolationException>(() => active.RecordContact(Now.AddMinutes(5), "worker", Now));
    }

    [Fact]
    public void Time_to_first_contact_is_measured_against_the_target()
    {
        var active = At(ReferralStatus.Active); // received three calendar days before the first contact (2 days 23 hours)
        Assert.Equal(3, active.DaysToFirstContact);
        Assert.True(active.FirstContactWithinTarget(14, Now));
        Assert.False(active.FirstContactWithinTarget(1, Now));

        var waiting = At(ReferralStatus.Accepted);
        Assert.Null(waiting.DaysToFirstContact);
        Assert.Null(waiting.FirstContactWithinTarget(14, Now));   // still in time
        Assert.False(waiting.FirstContactWithinTarget(2, Now));   // target already missed
    }

    [Fact]
    public void When_the_worker_leaves_the_referral_goes_back_for_matching()
    {
        var active = At(ReferralStatus.Active);
        active.ReturnForRematching("workforce", Now);

        Assert.Equal(ReferralStatus.Accepted, active.Status);
        Assert.Null(active.AssignedWorkerId);
        active.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "slot-2", "matching", Now);
        Assert.Equal(ReferralStatus.Matched, active.Status);
    }

    [Fact]
    public void Days_to_first_contact_are_calendar_days_in_the_trusts_time_zone()
    {
        // Received 23:30 BST on 1 July (22:30 UTC), first contact 08:00 BST the next morning: 1 day, not 0.
        var received = new DateTimeOffset(2026, 7, 1, 22, 30, 0, TimeSpan.Zero);
        var referral = ReferralAggregate.Receive(Guid.NewGuid(), ReferralSource.Gp, new Referrer("Dr A", "Surgery", "GP"), "Isolation", ReferralPriority.Routine, "trust", received.AddDays(1), received);
        var contact = new DateTimeOffset(2026, 7, 2, 7, 0, 0, TimeSpan.Zero);
        referral.RecordInformationGiven("Lead", new DateOnly(2026, 7, 2), InformationMethod.Phone, "trust", contact);
        referral.RecordConsent(true, null, "trust", contact);
        referral.Accept("triage", contact);
        referral.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "slot-1", "matching", contact);
        referral.RecordContact(contact, "worker", contact);

        Assert.Equal(1, referral.DaysToFirstContact);
        Assert.Equal(PeerPlatform.SharedKernel.TrustCalendar.DaysBetween(received, contact), referral.DaysToFirstContact);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.NotAccepted)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void A_referral_closed_without_a_first_contact_is_neither_on_time_nor_late(ReferralStatus status)
    {
        var closed = At(status);
        Assert.Null(closed.FirstContactWithinTarget(14, Now.AddDays(60)));
    }

    [Fact]
    public void Consent_withdrawn_before_the_first_contact_is_neither_on_time_nor_late()
    {
        var matched = At(ReferralStatus.Matched);
        matched.WithdrawConsent("client", Now);
        Assert.Null(matched.FirstContactWithinTarget(14, Now.AddDays(60)));
        Assert.Null(matched.EndReason);
    }

    [Fact]
    public void A_rematch_keeps_the_engagements_start_and_records_the_change_of_worker()
    {
        var active = At(ReferralStatus.Active);
        var start = active.FirstContactAt;
        var days = active.DaysToFirstContact;
        active.ReturnForRematching("workforce:peer-worker-left", Now.AddDays(30));
        active.AssignWorker(Guid.NewGuid(), Guid.NewGuid(), "slot-2", "matching", Now.AddDays(35));

        var restarted = active.RecordContact(Now.AddDays(40), "worker", Now.AddDays(40));

        Assert.False(restarted);   // no second EngagementStarted
        Assert.Equal(ReferralStatus.Active, active.Status);
        Assert.Equal(start, active.FirstContactAt);
        Assert.Equal(days, active.DaysToFirstContact);
        Assert.Contains(active.History, h => h.ToStatus == ReferralStatus.Accepted && h.Reason.Contains("engagement continues", StringComparison.Ordinal));
        Assert.Contains(active.History, h => h.ToStatus == ReferralStatus.Matched && h.Reason.StartsWith("Peer worker changed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_engagement_whose_worker_left_can_end_as_not_rematched()
    {
        var active = At(ReferralStatus.Active);
        Assert.Throws<DomainRuleViolationException>(() => active.End(EndReason.WorkerLeftNotRematched, null, "trust", Now));   // its worker is still there
        active.ReturnForRematching("workforce:peer-worker-left", Now);

        var slot = active.End(EndReason.WorkerLeftNotRematched, null, "trust", Now);

        Assert.Null(slot);   // the leaving worker's caseload was already released
        Assert.Equal(ReferralStatus.Ended, active.Status);
        Assert.Equal(EndReason.WorkerLeftNotRematched, active.EndReason);
    }

    [Fact]
    public void A_referral_whose_engagement_never_started_cannot_end_as_not_rematched()
    {
        var matched = At(ReferralStatus.Matched);
        matched.ReturnForRematching("workforce:peer-worker-left", Now);
        Assert.Throws<DomainRuleViolationException>(() => matched.End(EndReason.WorkerLeftNotRematched, null, "trust", Now));
        Assert.Null(matched.Withdraw("No worker in the locality", "trust", Now));   // withdrawn instead; the leaving worker's slot was already released
        Assert.Equal(ReferralStatus.Withdrawn, matched.Status);
    }

    [Fact]
    public void An_engagement_waiting_for_a_new_worker_can_end_for_another_reason_or_by_consent_withdrawal()
    {
        var waiting = At(ReferralStatus.Active);
        waiting.ReturnForRematching("workforce:peer-worker-left", Now);
        waiting.End(EndReason.ClientChoice, null, "trust", Now);
        Assert.Equal(ReferralStatus.Ended, waiting.Status);

        var withdrawing = At(ReferralStatus.Active);
        withdrawing.ReturnForRematching("workforce:peer-worker-left", Now);
        withdrawing.WithdrawConsent("client", Now);
        Assert.Equal(ReferralStatus.Ended, withdrawing.Status);
        Assert.Equal(EndReason.ConsentWithdrawn, withdrawing.EndReason);
    }

    [Fact]
    public void Information_given_today_is_accepted_at_half_past_midnight_in_summer_time()
    {
        var received = At(ReferralStatus.Received);
        var halfPastMidnightBst = new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero);   // 00:30 on 2 July in London
        received.RecordInformationGiven("Lead", new DateOnly(2026, 7, 2), InformationMethod.InPerson, "trust", halfPastMidnightBst);
        Assert.Equal(ReferralStatus.InformationGiven, received.Status);
        Assert.Throws<DomainRuleViolationException>(() => At(ReferralStatus.Received).RecordInformationGiven("Lead", new DateOnly(2026, 7, 3), InformationMethod.InPerson, "trust", halfPastMidnightBst));
    }
}
