using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.UnitTests.Supervision;

public sealed class SupervisionDomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static SupervisedWorker HiredWorker(DateOnly? started = null)
    {
        var worker = SupervisedWorker.Known(Worker);
        worker.Hired(Guid.NewGuid(), started ?? new DateOnly(2026, 1, 5));
        return worker;
    }

    private static HeldSession HeldOn(DateTimeOffset at, string organisation = "org-a", params Guid[] workers) =>
        new(organisation, at, workers.Length > 0 ? workers : [Worker]);

    [Theory]
    [InlineData(14, 14, false)]
    [InlineData(14, 15, true)]
    [InlineData(28, 28, false)]
    [InlineData(28, 29, true)]
    [InlineData(92, 92, false)]
    public void A_worker_is_overdue_the_day_after_the_frequency_runs_out(int frequencyDays, int daysSince, bool overdue)
    {
        var agreement = new SupervisionAgreement(Guid.NewGuid(), "org-a", Worker, frequencyDays, new DateOnly(2025, 1, 1), null);
        var compliance = Compliance.For(agreement, [HeldOn(Now.AddDays(-daysSince))], Today);
        Assert.Equal(overdue, compliance.Overdue);
        Assert.Equal(daysSince, compliance.DaysSinceLastHeld);
        Assert.Equal(Today.AddDays(frequencyDays - daysSince), compliance.DueBy);
    }

    [Fact]
    public void Only_the_agreements_own_organisation_counts()
    {
        var agreement = new SupervisionAgreement(Guid.NewGuid(), "org-a", Worker, 28, new DateOnly(2026, 1, 1), null);
        var compliance = Compliance.For(agreement, [HeldOn(Now.AddDays(-3), "org-b")], Today);
        Assert.Null(compliance.LastHeldOn);
        Assert.True(compliance.Overdue);
    }

    [Fact]
    public void Month_ends_of_different_lengths_are_measured_in_days()
    {
        // Held on 31 January: 28 days later is 28 February, the end of a short month.
        var agreement = new SupervisionAgreement(Guid.NewGuid(), "org-a", Worker, 28, new DateOnly(2026, 1, 1), null);
        HeldSession[] held = [HeldOn(new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.Zero))];
        Assert.Equal((1, 1), Compliance.MonthlyCounts([agreement], held, 2026, 1, Today));
        Assert.Equal((1, 1), Compliance.MonthlyCounts([agreement], held, 2026, 2, Today));
        Assert.Equal((1, 0), Compliance.MonthlyCounts([agreement], held, 2026, 3, Today));
        // The current month is measured today, not at its end.
        var recent = new SupervisionAgreement(Guid.NewGuid(), "org-a", Worker, 28, new DateOnly(2026, 1, 1), null);
        Assert.Equal((1, 1), Compliance.MonthlyCounts([recent], [HeldOn(Now.AddDays(-10))], 2026, 11, Today));
    }

    [Fact]
    public void Local_midnight_follows_british_summer_time()
    {
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), Compliance.StartOfLocalDay(new DateOnly(2026, 7, 1)));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), Compliance.StartOfLocalDay(new DateOnly(2026, 1, 15)));
    }

    [Fact]
    public void Absent_group_members_get_no_credit_and_a_session_nobody_attended_is_not_held()
    {
        var group = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Group, Now.AddDays(-1), 90, [Worker, Other], Now.AddDays(-5));
        group.MarkHeld([SupervisionTheme.TeamResistance], "notes", Now, absent: [Other]);
        Assert.Equal(new[] { Worker }, group.AttendeeWorkerIds);
        Assert.Equal(new[] { Other }, group.AbsentWorkerIds);
        Assert.NotNull(Compliance.LastHeldOn(Worker, [group.AsHeld()!], Today));
        Assert.Null(Compliance.LastHeldOn(Other, [group.AsHeld()!], Today));

        var everyoneAway = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Group, Now.AddDays(-1), 90, [Worker, Other], Now.AddDays(-5));
        Assert.Throws<DomainRuleViolationException>(() => everyoneAway.MarkHeld([], "", Now, absent: [Worker, Other]));
        var individual = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Individual, Now.AddDays(-1), 60, [Worker], Now.AddDays(-5));
        Assert.Throws<DomainRuleViolationException>(() => individual.MarkHeld([], "", Now, absent: [Worker]));
        Assert.Throws<DomainRuleViolationException>(() => individual.MarkHeld([], "", Now, absent: [Guid.NewGuid()]));
        Assert.Throws<DomainRuleViolationException>(() => SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Group, Now, 60, [Worker], Now));
    }

    [Fact]
    public void Actions_are_due_after_the_session_and_completed_once()
    {
        var session = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Individual, Now.AddDays(-1), 60, [Worker], Now.AddDays(-5));
        Assert.Throws<DomainRuleViolationException>(() => session.MarkHeld([], "", Now, [("Too early", Today.AddDays(-2))]));
        Assert.Equal(SessionStatus.Scheduled, session.Status); // a refused change leaves the session as it was

        session.MarkHeld([SupervisionTheme.Boundaries, SupervisionTheme.Boundaries], "  notes  ", Now, [("Book a team meeting", Today.AddDays(14))]);
        Assert.Equal(new[] { SupervisionTheme.Boundaries }, session.Themes);
        Assert.Equal("notes", session.ConfidentialNotes);
        var action = Assert.Single(session.Actions);
        session.CompleteAction(action.Id, Today);
        Assert.Equal(Today, action.CompletedOn);
        Assert.Throws<DomainRuleViolationException>(() => session.CompleteAction(action.Id, Today));
        Assert.Throws<NotFoundException>(() => session.CompleteAction(Guid.NewGuid(), Today));
    }

    [Fact]
    public void A_worker_has_at_most_one_agreement_in_force_on_any_day()
    {
        var worker = HiredWorker();
        var first = Agreement.Create("org-a", worker, 28, new DateOnly(2026, 2, 1), [], Now);
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-b", worker, 28, new DateOnly(2026, 6, 1), [first], Now));

        first.End(new DateOnly(2026, 5, 31), AgreementEndReason.ArrangementChanged);
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-b", worker, 28, new DateOnly(2026, 5, 31), [first], Now));
        var second = Agreement.Create("org-b", worker, 28, new DateOnly(2026, 6, 1), [first], Now);
        Assert.True(second.IsActiveOn(Today));
        Assert.False(first.IsActiveOn(Today));
        Assert.Throws<DomainRuleViolationException>(() => first.End(Today, AgreementEndReason.Other));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(93)]
    public void Frequencies_outside_a_week_to_a_quarter_are_refused(int frequencyDays) =>
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-a", HiredWorker(), frequencyDays, Today, [], Now));

    [Fact]
    public void Agreements_need_a_hired_worker_who_has_not_left()
    {
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-a", SupervisedWorker.Known(Worker), 28, Today, [], Now));
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-a", HiredWorker(Today), 28, Today.AddDays(-1), [], Now));
        var left = HiredWorker();
        left.Left(new DateOnly(2026, 10, 31));
        Assert.Throws<DomainRuleViolationException>(() => Agreement.Create("org-a", left, 28, Today, [], Now));
        Assert.False(left.IsEmployedOn(Today));
    }

    [Fact]
    public void A_worker_leaving_ends_the_agreement_on_the_leaving_date_once()
    {
        var agreement = Agreement.Create("org-a", HiredWorker(), 28, new DateOnly(2026, 2, 1), [], Now);
        Assert.True(agreement.EndBecauseWorkerLeft(new DateOnly(2026, 11, 20)));
        Assert.Equal(new DateOnly(2026, 11, 20), agreement.EndsOn);
        Assert.Equal(AgreementEndReason.WorkerLeft, agreement.EndReason);
        Assert.False(agreement.EndBecauseWorkerLeft(new DateOnly(2026, 11, 25))); // a redelivery, or a later date, changes nothing

        var notStarted = Agreement.Create("org-a", HiredWorker(), 28, new DateOnly(2026, 12, 1), [], Now);
        Assert.True(notStarted.EndBecauseWorkerLeft(new DateOnly(2026, 11, 20)));
        Assert.Equal(new DateOnly(2026, 12, 1), notStarted.EndsOn);
    }

    [Fact]
    public void Only_a_trained_active_supervisor_runs_sessions()
    {
        var supervisor = Supervisor.Add("org-a", "Ada", "Okafor", Now);
        Assert.Throws<DomainRuleViolationException>(supervisor.RequireCanSupervise);
        Assert.Throws<DomainRuleViolationException>(() => supervisor.RecordTraining("Peer supervision", Today.AddDays(1), Today));
        supervisor.RecordTraining("Peer supervision", Today.AddDays(-30), Today);
        supervisor.RequireCanSupervise();
        Assert.Throws<DomainRuleViolationException>(() => supervisor.RecordTraining("Older course", Today.AddDays(-60), Today));
        supervisor.Deactivate();
        Assert.Throws<DomainRuleViolationException>(supervisor.RequireCanSupervise);
    }

    [Fact]
    public void Acknowledging_a_concern_twice_keeps_the_first_acknowledgement()
    {
        var concern = Concern.Raise("org-a", Worker, null, ConcernCategory.Safeguarding, ConcernUrgency.Immediate, "notes", Now);
        concern.Acknowledge("trust-integrator", Now.AddHours(1));
        concern.Acknowledge("someone-else", Now.AddHours(2));
        Assert.Equal(ConcernStatus.Acknowledged, concern.Status);
        Assert.Equal(Now.AddHours(1), concern.AcknowledgedAt);
        Assert.Equal("trust-integrator", concern.AcknowledgedBy);
    }

    [Fact]
    public void Domain_and_contract_enums_share_their_numbering()
    {
        ContractEnums.AssertSameNumbering<OrganisationKind, C.OrganisationKind>();
        ContractEnums.AssertSameNumbering<AgreementEndReason, C.AgreementEndReason>();
        ContractEnums.AssertSameNumbering<SessionKind, C.SessionKind>();
        ContractEnums.AssertSameNumbering<SessionStatus, C.SessionStatus>();
        ContractEnums.AssertSameNumbering<SupervisionTheme, C.SupervisionTheme>();
        ContractEnums.AssertSameNumbering<ConcernCategory, C.ConcernCategory>();
        ContractEnums.AssertSameNumbering<ConcernUrgency, C.ConcernUrgency>();
        ContractEnums.AssertSameNumbering<ConcernStatus, C.ConcernStatus>();
    }
}
