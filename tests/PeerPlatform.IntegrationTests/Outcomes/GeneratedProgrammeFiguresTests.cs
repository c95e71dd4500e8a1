using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.SharedKernel;
using PeerPlatform.TestSupport.Programmes;

namespace PeerPlatform.IntegrationTests.Outcomes;

/// <summary>
/// Generated programmes (random journeys through the real Referral aggregate, random stays) loaded
/// into a real Outcomes database from their events, redelivered and out of order; the report's SQL
/// must give what the ground truth says: active engagements, days to first contact per engagement
/// as Referral counts them, bed days and admissions night by night. A failure prints the shrunk
/// programme.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GeneratedProgrammeFiguresTests(InfrastructureFixture infrastructure)
{
    private const int WindowMonths = 6;
    private const int TargetDays = 14;
    private static readonly Guid Team = Guid.Parse("00000000-0000-0000-0003-000000000001");

    [Fact]
    public async Task Every_figure_of_a_generated_programme_agrees_with_its_ground_truth_in_sql()
    {
        var host = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("generated"));
        try
        {
            // One programme at a time against the one database; Task.Run keeps xunit's context out of the blocking wait.
            Gen.Select(ProgrammePlan.Generator, Gen.Int.Array[0, 200]).Sample(
                (plan, shuffle) => Task.Run(() => CheckAsync(host, plan, shuffle)).GetAwaiter().GetResult(),
                iter: 200, threads: 1, print: p => p.Item1.ToString());
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    private static async Task CheckAsync(IHost host, ProgrammePlan plan, int[] shuffle)
    {
        var programme = plan.Run();
        var events = programme.Events.ToList();
        // Redelivered and out of order, as the broker may hand them over.
        var rows = Programme.Apply(events.Concat(events.Take(events.Count / 2))
            .Select((e, i) => (e, key: shuffle.Length == 0 ? i : shuffle[i % shuffle.Length] ^ i)).OrderBy(p => p.key).Select(p => p.e));
        var workers = programme.Referrals.SelectMany(r => r.Events).OfType<PeerPlatform.Contracts.Events.Referral.PeerWorkerAssigned>()
            .Select(a => a.WorkerId).Distinct().ToList();
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OutcomesDbContext>();
            await db.Database.ExecuteSqlRawAsync("TRUNCATE referrals, engagement_nights, engagement_nights_pending, hospital_spells, workers");
            db.Workers.AddRange(workers.Select(id => new WorkerRecord { WorkerId = id, TeamId = Team, Capacity = 10, StartedOn = ProgrammePlan.Today.AddYears(-5) }));
            db.Referrals.AddRange(rows.Values);
            db.HospitalSpells.AddRange(programme.Stays.SelectMany(client => client.Value.Select(stay => new HospitalSpell
            {
                Id = Guid.NewGuid(),
                ProviderSpellId = Guid.NewGuid().ToString("N"),
                ClientId = client.Key,
                AdmittedOn = stay.AdmittedOn,
                DischargedOn = stay.DischargedOn,
                UpdatedAt = ProgrammePlan.Now,
            })));
            return await db.SaveChangesAsync();
        });

        var today = ProgrammePlan.Today;
        foreach (var (from, to) in new[] { (today.AddYears(-1).AddDays(1), today), (today.AddDays(-730), today.AddDays(-200)) })
        {
            var periodStart = TrustCalendar.StartOfLocalDay(from);
            var periodEnd = TrustCalendar.StartOfLocalDay(to.AddDays(1));
            var counts = await host.WithScopeAsync(sp => sp.GetRequiredService<ProgrammeFigures>()
                .CountAsync(from, to, today, null, [.. workers], WindowMonths, TargetDays, default));
            var label = $"{from}..{to}: {counts}";

            var referrals = programme.Referrals;
            var received = referrals.Where(r => r.Referral.ReceivedAt >= periodStart && r.Referral.ReceivedAt < periodEnd).Select(r => r.Referral).ToList();
            Assert.True(received.Count == counts.Received, label);
            Assert.True(received.Count(r => r.InformationGivenOn is not null) == counts.Informed, label);
            var active = referrals.Count(r => r.IsActiveAt(periodEnd));
            Assert.True(active == counts.Active, $"active engagements {active} expected; {label}");
            Assert.True(counts.Active <= referrals.Count(r => r.FirstMatchedAt < periodEnd), label);

            var started = referrals.Select(r => r.Referral).Where(r => r.FirstContactAt >= periodStart && r.FirstContactAt < periodEnd).ToList();
            var days = started.Select(r => (decimal)r.DaysToFirstContact!.Value).ToList();
            Assert.True(days.Count == counts.DaysToFirstContactCount, label);
            Assert.True(days.Count(d => d <= TargetDays) == counts.FirstContactWithinTarget, label);
            Assert.True(Statistics.Median(days) == counts.MedianDaysToFirstContact, label);

            var mature = started.Where(r => TrustCalendar.LocalDate(r.FirstContactAt!.Value).AddMonths(WindowMonths) <= today).ToList();
            var expected = mature.Count == 0 ? (0, 0, 0, 0, 0) : (
                mature.Count,
                mature.Sum(r => Nights(programme, r.ClientId, TrustCalendar.LocalDate(r.FirstContactAt!.Value), before: true)),
                mature.Sum(r => Nights(programme, r.ClientId, TrustCalendar.LocalDate(r.FirstContactAt!.Value), before: false)),
                mature.Sum(r => Admissions(programme, r.ClientId, TrustCalendar.LocalDate(r.FirstContactAt!.Value), before: true)),
                mature.Sum(r => Admissions(programme, r.ClientId, TrustCalendar.LocalDate(r.FirstContactAt!.Value), before: false)));
            var beds = counts.BedDays;
            Assert.Equal(expected, (beds.Engagements, beds.BedDaysBefore, beds.BedDaysAfter, beds.AdmissionsBefore, beds.AdmissionsAfter));
        }

        // Per engagement, the kept figures: Referral's days to first contact, one start.
        var kept = await host.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().EngagementNights.AsNoTracking().ToListAsync());
        var engagements = programme.Referrals.Select(r => r.Referral).Where(r => r.FirstContactAt is not null).ToList();
        Assert.Equal(engagements.Count, kept.Count);
        foreach (var referral in engagements)
        {
            var row = kept.Single(k => k.ReferralId == referral.Id);
            Assert.Equal(referral.DaysToFirstContact, row.DaysToFirstContact);
            Assert.Equal(TrustCalendar.LocalDate(referral.FirstContactAt!.Value), row.StartedOn);
        }
    }

    private static int Nights(Programme programme, Guid client, DateOnly start, bool before) => before
        ? programme.NightsBetween(client, start.AddMonths(-WindowMonths), start)
        : programme.NightsBetween(client, start, start.AddMonths(WindowMonths));

    private static int Admissions(Programme programme, Guid client, DateOnly start, bool before) => before
        ? programme.AdmissionsBetween(client, start.AddMonths(-WindowMonths), start)
        : programme.AdmissionsBetween(client, start, start.AddMonths(WindowMonths));
}
