using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.UnitTests.Supervision;

public sealed class ComplianceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static SupervisionAgreement Agreement(int frequencyDays = 28, DateOnly? starts = null, DateOnly? ends = null) =>
        new(Guid.NewGuid(), "org-a", Worker, frequencyDays, starts ?? new DateOnly(2026, 1, 1), ends);

    private static List<HeldSession> Held(params SupervisionSession[] sessions) => sessions.Held().ToList();

    private static SupervisionSession Session(DateTimeOffset at, SessionStatus status = SessionStatus.Held, SessionKind kind = SessionKind.Individual, params Guid[] attendees)
    {
        var session = SupervisionSession.Schedule("org-a", Guid.NewGuid(), kind, at, 60, attendees.Length > 0 ? attendees : [Worker], at.AddDays(-7));
        switch (status)
        {
            case SessionStatus.Held:
                session.MarkHeld([SupervisionTheme.Wellbeing], "confidential", Now);
                break;
            case SessionStatus.Cancelled:
                session.Cancel();
                break;
            case SessionStatus.Missed:
                session.MarkMissed(Now);
                break;
        }

        return session;
    }

    [Fact]
    public void A_held_session_within_the_frequency_keeps_the_worker_compliant()
    {
        var compliance = Compliance.For(Agreement(28), Held(Session(Now.AddDays(-20))), new DateOnly(2026, 11, 26));
        Assert.False(compliance.Overdue);
        Assert.Equal(20, compliance.DaysSinceLastHeld);

        var late = Compliance.For(Agreement(28), Held(Session(Now.AddDays(-29))), new DateOnly(2026, 11, 26));
        Assert.True(late.Overdue);
        Assert.False(Compliance.For(Agreement(28), Held(Session(Now.AddDays(-28))), new DateOnly(2026, 11, 26)).Overdue); // exactly on the day
    }

    [Theory]
    [InlineData(SessionStatus.Cancelled)]
    [InlineData(SessionStatus.Missed)]
    public void Cancelled_and_missed_sessions_do_not_count(SessionStatus status)
    {
        var compliance = Compliance.For(Agreement(28, starts: new DateOnly(2026, 6, 1)), Held(Session(Now.AddDays(-3), status)), new DateOnly(2026, 11, 26));
        Assert.True(compliance.Overdue);
        Assert.Null(compliance.LastHeldOn);
    }

    [Fact]
    public void A_scheduled_session_does_not_count_until_it_is_held()
    {
        var scheduled = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Individual, Now.AddDays(-1), 60, [Worker], Now.AddDays(-10));
        Assert.Null(Compliance.LastHeldOn(Worker, Held(scheduled), new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public void A_group_session_counts_for_every_attendee_and_nobody_else()
    {
        var group = Session(Now.AddDays(-5), kind: SessionKind.Group, attendees: [Worker, Other]);
        Assert.Equal(new DateOnly(2026, 11, 21), Compliance.LastHeldOn(Worker, Held(group), new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateOnly(2026, 11, 21), Compliance.LastHeldOn(Other, Held(group), new DateOnly(2026, 11, 26)));
        Assert.Null(Compliance.LastHeldOn(Guid.NewGuid(), Held(group), new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public void A_new_agreement_is_not_overdue_before_its_first_period_ends_and_an_ended_one_never_is()
    {
        var today = new DateOnly(2026, 11, 26);
        Assert.False(Compliance.For(Agreement(28, starts: today.AddDays(-10)), [], today).Overdue);
        Assert.True(Compliance.For(Agreement(28, starts: today.AddDays(-29)), [], today).Overdue);
        Assert.False(Compliance.For(Agreement(28, starts: new DateOnly(2026, 1, 1), ends: today.AddDays(-1)), [], today).Overdue);
    }

    [Fact]
    public void Days_follow_the_trusts_local_calendar_across_midnight_and_daylight_saving()
    {
        // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in British Summer Time.
        Assert.Equal(new DateOnly(2026, 4, 1), Compliance.LocalDate(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero)));
        // In winter (GMT) local and UTC dates agree.
        Assert.Equal(new DateOnly(2026, 1, 31), Compliance.LocalDate(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_monthly_rate_is_taken_at_the_local_month_end()
    {
        var a = Agreement(28, starts: new DateOnly(2026, 1, 1));
        var b = a with { Id = Guid.NewGuid(), WorkerId = Other };
        // A held at 23:30 UTC on 31 March = 1 April locally: it does not count for March.
        var sessions = Held(
        [
            Session(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero)),
            Session(new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero), attendees: [Other]),
            Session(new DateTimeOffset(2026, 5, 25, 10, 0, 0, TimeSpan.Zero), kind: SessionKind.Group, attendees: [Worker, Other]),
        ]);
        var today = new DateOnly(2026, 11, 26);

        Assert.Equal(0.5m, Compliance.MonthlyRate([a, b], sessions, 2026, 3, today));  // only Other was supervised in March
        Assert.Equal(0m, Compliance.MonthlyRate([a, b], sessions, 2026, 4, today));    // 1 April and 20 March are too long before 30 April
        Assert.Equal(1m, Compliance.MonthlyRate([a, b], sessions, 2026, 5, today));    // the group session on 25 May counts for both
        Assert.Null(Compliance.MonthlyRate([a with { StartsOn = new DateOnly(2026, 12, 1) }], sessions, 2026, 11, today));
    }

    [Fact]
    public void Overdue_is_raised_once_per_episode()
    {
        var agreement = Agreement(28, starts: new DateOnly(2026, 1, 1));
        var today = new DateOnly(2026, 11, 26);
        var held = Session(Now.AddDays(-40));
        var compliance = Compliance.For(agreement, Held(held), today);

        Assert.True(Compliance.ShouldRaiseOverdue(agreement, compliance, episodeAlreadyRaisedFor: null));
        Assert.False(Compliance.ShouldRaiseOverdue(agreement, compliance, episodeAlreadyRaisedFor: compliance.LastHeldOn));

        // After a new session and a new lapse, a new episode is raised again.
        var later = Compliance.For(agreement, Held(held, Session(Now.AddDays(-30))), today);
        Assert.True(Compliance.ShouldRaiseOverdue(agreement, later, episodeAlreadyRaisedFor: compliance.LastHeldOn));
    }

    [Fact]
    public void Sessions_follow_their_own_rules()
    {
        Assert.Throws<DomainRuleViolationException>(() => SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Individual, Now, 60, [Worker, Other], Now));
        Assert.Throws<DomainRuleViolationException>(() => SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Group, Now, 60, [], Now));
        var future = SupervisionSession.Schedule("org-a", Guid.NewGuid(), SessionKind.Individual, Now.AddDays(1), 60, [Worker], Now);
        Assert.Throws<DomainRuleViolationException>(() => future.MarkHeld([], "", Now));
        Assert.Throws<DomainRuleViolationException>(() => future.MarkMissed(Now));
        future.Cancel();
        Assert.Throws<DomainRuleViolationException>(() => future.Cancel());
    }
}
