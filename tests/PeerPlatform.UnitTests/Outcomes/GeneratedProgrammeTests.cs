using CsCheck;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using PeerPlatform.TestSupport.Programmes;

namespace PeerPlatform.UnitTests.Outcomes;

/// <summary>
/// Properties of generated programmes: random referrals through random legal journeys (declines,
/// withdrawals, workers leaving, re-matches), random stays (same-day, open, across every window
/// edge). What Referral decided is the ground truth; Outcomes' read model and rules must agree with
/// it whatever order its events arrive in. A failure prints the shrunk programme. The SQL the
/// report runs is held to the same ground truth in the integration tests.
/// </summary>
public sealed class GeneratedProgrammeTests
{
    private const int Iterations = 300;
    private const int WindowMonths = 6;

    private static string Print(ProgrammePlan plan) => plan.ToString();

    [Fact]
    public void The_generated_programmes_reach_every_turn_of_the_journey_the_properties_are_about()
    {
        var referrals = new List<GeneratedReferral>();
        ProgrammePlan.Generator.Sample(plan => referrals.AddRange(plan.Run().Referrals), iter: Iterations, threads: 1);
        bool Went(GeneratedReferral r, ReferralStatus to, string? reason = null) => r.Referral.History.Any(h => h.ToStatus == to && (reason is null || h.Reason.Contains(reason, StringComparison.Ordinal)));

        var reached = new Dictionary<string, int>
        {
            ["declined"] = referrals.Count(r => Went(r, ReferralStatus.Declined)),
            ["not accepted"] = referrals.Count(r => Went(r, ReferralStatus.NotAccepted)),
            ["withdrawn before contact"] = referrals.Count(r => Went(r, ReferralStatus.Withdrawn) && r.Referral.FirstContactAt is null),
            ["withdrawn after contact"] = referrals.Count(r => Went(r, ReferralStatus.Withdrawn) && r.Referral.FirstContactAt is not null),
            ["ended"] = referrals.Count(r => Went(r, ReferralStatus.Ended)),
            ["ended, worker left"] = referrals.Count(r => r.Referral.EndReason == PeerPlatform.Referral.Domain.EndReason.WorkerLeftNotRematched),
            ["consent withdrawn"] = referrals.Count(r => r.Referral.ConsentWithdrawnAt is not null),
            ["worker left an engagement"] = referrals.Count(r => Went(r, ReferralStatus.Accepted, "engagement continues")),
            ["re-matched and active again"] = referrals.Count(r => Went(r, ReferralStatus.Active, "new peer worker")),
            ["still active"] = referrals.Count(r => r.Referral.Status == ReferralStatus.Active),
        };
        Assert.All(reached, pair => Assert.True(pair.Value >= 20, $"only {pair.Value} generated referrals {pair.Key}: {string.Join(", ", reached)}"));
    }

    [Fact]
    public void Redelivered_and_reordered_events_build_the_same_read_model()
    {
        Gen.Select(ProgrammePlan.Generator, Gen.Int.Array[0, 400]).Sample((plan, shuffle) =>
        {
            var events = plan.Run().Events.ToList();
            var inOrder = Programme.Apply(events);
            // Every event once more (redelivery), in an order the generated keys decide.
            var scrambled = events.Concat(events).Select((e, i) => (e, key: shuffle.Length == 0 ? -i : shuffle[i % shuffle.Length] ^ i)).OrderBy(p => p.key).Select(p => p.e);
            var reordered = Programme.Apply(scrambled);

            Assert.Equal(inOrder.Keys.Order(), reordered.Keys.Order());
            foreach (var (id, row) in inOrder)
            {
                Assert.Equal(Fields(row), Fields(reordered[id]));
            }
        }, iter: Iterations, print: p => Print(p.Item1));
    }

    [Fact]
    public void Each_engagement_keeps_one_start_and_outcomes_counts_its_days_to_first_contact_as_referral_does()
    {
        ProgrammePlan.Generator.Sample(plan =>
        {
            var programme = plan.Run();
            var rows = Programme.Apply(programme.Events);
            foreach (var referral in programme.Referrals.Select(r => r.Referral))
            {
                var row = rows[referral.Id];
                Assert.Equal(referral.FirstContactAt, row.FirstContactAt);
                Assert.Equal(referral.ReceivedAt, row.ReceivedAt);
                // Outcomes counts days from its row (EngagementNights does so in SQL, by the same definition).
                int? outcomesDays = row.FirstContactAt is { } first ? TrustCalendar.DaysBetween(row.ReceivedAt!.Value, first) : null;
                Assert.Equal(referral.DaysToFirstContact, outcomesDays);
            }
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void Active_engagements_are_those_started_less_those_ended_or_withdrawn_and_never_more_than_matched()
    {
        ProgrammePlan.Generator.Sample(plan =>
        {
            var programme = plan.Run();
            var now = ProgrammePlan.Now.AddMinutes(1);
            var started = programme.Referrals.Count(r => r.Referral.FirstContactAt < now);
            var closed = programme.Referrals.Count(r => r.Referral.FirstContactAt < now && (r.EndedAt is not null || r.WithdrawnAt is not null));
            var active = programme.Referrals.Count(r => r.IsActiveAt(now));
            Assert.Equal(started - closed, active);
            Assert.True(active <= programme.Referrals.Count(r => r.FirstMatchedAt is not null));
            // Referral's own view agrees: an active engagement is one that started and has not closed.
            Assert.Equal(active, programme.Referrals.Count(r => r.Referral.InEngagement));
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void Bed_days_and_admissions_by_the_rules_equal_a_night_by_night_count()
    {
        ProgrammePlan.Generator.Sample(plan =>
        {
            var programme = plan.Run();
            foreach (var referral in programme.Referrals.Select(r => r.Referral).Where(r => r.FirstContactAt is not null))
            {
                var start = TrustCalendar.LocalDate(referral.FirstContactAt!.Value);
                var (before, after) = (start.AddMonths(-WindowMonths), start.AddMonths(WindowMonths));
                var stays = programme.Stays[referral.ClientId];
                // As of a date after the window: open stays count to the window's end.
                var image = BedDays.For(start, WindowMonths, stays, after.AddDays(1));
                Assert.Equal(programme.NightsBetween(referral.ClientId, before, start), image.Before);
                Assert.Equal(programme.NightsBetween(referral.ClientId, start, after), image.After);
                Assert.Equal(programme.AdmissionsBetween(referral.ClientId, before, start), image.AdmissionsBefore);
                Assert.Equal(programme.AdmissionsBetween(referral.ClientId, start, after), image.AdmissionsAfter);
            }
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void No_count_withheld_from_a_published_programme_report_can_be_worked_out_from_it()
    {
        Gen.Select(ProgrammePlan.Generator, Gen.Int[2, 10]).Sample((plan, threshold) =>
        {
            var counts = CountsOf(plan.Run());
            var table = GetProgrammeReportHandler.Disclosure(counts, capacity: 12, compliant: counts.Active / 2, agreements: counts.Active, threshold);
            var withheld = table.Withheld();
            var sensitive = table.Cells.Where(c => c.IsPersonCount && c.Value >= 1 && c.Value < threshold).Select(c => c.Name).ToHashSet();

            Assert.DoesNotContain(table.Derivable(withheld), sensitive.Contains);
            Assert.All(table.Cells.Where(c => c.IsPublished && sensitive.Contains(c.Name)), c => Assert.Contains(c.Name, withheld));
        }, iter: Iterations, print: p => $"threshold {p.Item2}\n{Print(p.Item1)}");
    }

    // The report's counts over the whole programme, from the ground truth.
    private static ProgrammeCounts CountsOf(Programme programme)
    {
        var referrals = programme.Referrals.Select(r => r.Referral).ToList();
        var rows = Programme.Apply(programme.Events);
        var informed = referrals.Where(r => r.InformationGivenOn is not null).ToList();
        var consented = informed.Where(r => rows[r.Id].Consented == true).ToList();
        var days = referrals.Where(r => r.DaysToFirstContact is not null).Select(r => r.DaysToFirstContact!.Value).ToList();
        var now = ProgrammePlan.Now.AddMinutes(1);
        var totals = BedDays.Totals(
            referrals.Where(r => r.FirstContactAt is not null).Select(r => (r.ClientId, TrustCalendar.LocalDate(r.FirstContactAt!.Value), (IReadOnlyCollection<Stay>)programme.Stays[r.ClientId])),
            WindowMonths,
            ProgrammePlan.Today);
        return new ProgrammeCounts(
            referrals.Count,
            [.. referrals.GroupBy(r => rows[r.Id].Source!).Select(g => (g.Key, g.Count()))],
            informed.Count,
            consented.Count,
            consented.Count(r => rows[r.Id].AcceptedAt is not null),
            days.Count,
            Statistics.Median([.. days.Select(d => (decimal)d)]),
            days.Count(d => d <= 14),
            programme.Referrals.Count(r => r.IsActiveAt(now)),
            programme.Referrals.Count(r => r.IsActiveAt(now) && r.Referral.AssignedWorkerId is not null),
            totals);
    }

    private static object?[] Fields(ReferralProgress row) =>
    [
        row.ClientId, row.Source, row.Priority, row.ReceivedAt, row.InformationGivenOn, row.Consented, row.AcceptedAt, row.DeclineOutcome,
        row.WithdrawnAt, row.WorkerId, row.WorkerAssignedAt, row.FirstContactAt, row.EndedAt, row.EndReason,
    ];
}
