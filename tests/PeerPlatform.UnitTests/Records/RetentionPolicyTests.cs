using PeerPlatform.Referral.Domain;
using PeerPlatform.Referral.Records;

namespace PeerPlatform.UnitTests.Records;

public sealed class RetentionPolicyTests
{
    private static readonly RetentionPolicy Policy = new(careRecordYears: 20, notStartedYears: 2);
    private static readonly DateTimeOffset Registered = new(2024, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_a_care_record_twenty_years_after_the_last_contact()
    {
        var decision = Policy.Decide(Registered, [new ReferralActivity(Closed: true, Started: true, new DateTimeOffset(2025, 6, 30, 22, 30, 0, TimeSpan.Zero))]);

        Assert.NotNull(decision);
        Assert.Equal(RetentionRules.CareRecord, decision.Rule);
        // 22:30 UTC on 30 June is 23:30 on the 30th in London (summer time): the local day counts.
        Assert.Equal(new DateOnly(2045, 6, 30), decision.KeptUntil);
        Assert.False(RetentionPolicy.IsDue(decision, new DateOnly(2045, 6, 30)));
        Assert.True(RetentionPolicy.IsDue(decision, new DateOnly(2045, 7, 1)));
    }

    [Fact]
    public void Counts_from_local_midnight_not_utc()
    {
        // 23:30 UTC on 31 May is 00:30 on 1 June in London.
        var decision = Policy.Decide(Registered, [new ReferralActivity(true, true, new DateTimeOffset(2025, 5, 31, 23, 30, 0, TimeSpan.Zero))]);
        Assert.Equal(new DateOnly(2045, 6, 1), decision!.KeptUntil);
    }

    [Fact]
    public void Keeps_referrals_that_never_started_for_the_shorter_period()
    {
        var decision = Policy.Decide(Registered, [
            new ReferralActivity(Closed: true, Started: false, new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)),
            new ReferralActivity(Closed: true, Started: false, new DateTimeOffset(2025, 2, 1, 12, 0, 0, TimeSpan.Zero)),
        ]);

        Assert.Equal(RetentionRules.ReferralNotStarted, decision!.Rule);
        Assert.Equal(new DateOnly(2027, 3, 1), decision.KeptUntil);
    }

    [Fact]
    public void One_started_referral_makes_the_whole_record_a_care_record_from_the_latest_activity()
    {
        var decision = Policy.Decide(Registered, [
            new ReferralActivity(Closed: true, Started: true, new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            new ReferralActivity(Closed: true, Started: false, new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)),
        ]);

        Assert.Equal(RetentionRules.CareRecord, decision!.Rule);
        Assert.Equal(new DateOnly(2046, 1, 1), decision.KeptUntil);
    }

    [Fact]
    public void Nothing_is_due_while_any_referral_is_open()
    {
        Assert.Null(Policy.Decide(Registered, [
            new ReferralActivity(Closed: true, Started: true, new DateTimeOffset(2001, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            new ReferralActivity(Closed: false, Started: false, new DateTimeOffset(2001, 2, 1, 12, 0, 0, TimeSpan.Zero)),
        ]));
    }

    [Fact]
    public void A_client_without_referrals_counts_from_registration()
    {
        var decision = Policy.Decide(Registered, []);
        Assert.Equal(new DateOnly(2026, 1, 10), decision!.KeptUntil);
    }

    [Theory]
    // Winter (GMT): 02:30 local is 02:30 UTC; from 01:00 that is 1.5 hours away.
    [InlineData("2026-01-15T01:00:00Z", 1.5)]
    // Just after today's run: tomorrow's.
    [InlineData("2026-01-15T02:31:00Z", 23.9833)]
    // Summer (BST): 02:30 local is 01:30 UTC.
    [InlineData("2026-07-15T01:00:00Z", 0.5)]
    public void The_daily_run_waits_until_the_next_local_run_time(string now, double hours)
    {
        var wait = RetentionSchedule.UntilNextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(2, 30));
        Assert.Equal(hours, wait.TotalHours, 3);
    }
}
