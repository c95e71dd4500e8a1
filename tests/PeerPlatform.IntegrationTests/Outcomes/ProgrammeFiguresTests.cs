using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.IntegrationTests.Outcomes;

/// <summary>
/// The programme report counts in SQL; the domain classes (<see cref="BedDays"/>,
/// <see cref="Statistics.Median"/>, <see cref="TrustCalendar"/>) are the specification. On random
/// referrals and spells — instants near local midnight on both sides of the clock change, open and
/// same-day stays, clients with two engagements, referrals without a worker — the query must give
/// exactly what the specification computes in memory, for the whole programme, one team, and a
/// past period. Real PostgreSQL.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ProgrammeFiguresTests(InfrastructureFixture infrastructure)
{
    private const int WindowMonths = 6;
    private const int TargetDays = 14;
    private static readonly (string, int)[] NoSources = [];

    [Fact]
    public async Task Sql_counts_agree_with_the_domain_rules_on_random_data()
    {
        var random = new Random(20261126);
        var today = TrustCalendar.LocalDate(DateTimeOffset.UtcNow);
        var teams = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var workers = Enumerable.Range(0, 6).Select(i => new WorkerRecord
        {
            WorkerId = Guid.NewGuid(),
            TeamId = teams[i % 2],
            Capacity = 5 + i,
            StartedOn = today.AddDays(-700 + (i * 30)),
            LeftOn = i == 5 ? today.AddDays(-100) : null,
        }).ToList();
        var clients = Enumerable.Range(0, 120).Select(_ => Guid.NewGuid()).ToList();
        var referrals = Enumerable.Range(0, 400).Select(_ => RandomReferral(random, today, clients, workers)).ToList();
        var spells = clients.SelectMany(client => RandomSpells(random, today, client)).ToList();
        // Edges the random data may miss: a same-day stay on the first day of an engagement's
        // before-window (no night, but an admission) and one on its start day (an admission after).
        foreach (var (client, stayOn) in new[] { (Guid.NewGuid(), -WindowMonths), (Guid.NewGuid(), 0) })
        {
            var start = today.AddDays(-200);
            referrals.Add(new ReferralProgress
            {
                ReferralId = Guid.NewGuid(),
                ClientId = client,
                Source = "gp",
                Priority = "routine",
                ReceivedAt = new DateTimeOffset(start.AddDays(-10).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                FirstContactAt = new DateTimeOffset(start.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            });
            var day = start.AddMonths(stayOn);
            spells.Add(new HospitalSpell { Id = Guid.NewGuid(), ProviderSpellId = $"edge-{client:N}", ClientId = client, AdmittedOn = day, DischargedOn = day, UpdatedAt = DateTimeOffset.UtcNow });
        }


        var host = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("figures"));
        try
        {
            await host.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OutcomesDbContext>();
                db.Workers.AddRange(workers);
                db.Referrals.AddRange(referrals);
                db.HospitalSpells.AddRange(spells);
                return await db.SaveChangesAsync();
            });

            (DateOnly From, DateOnly To, Guid? Team)[] cases =
            [
                (today.AddYears(-1).AddDays(1), today, null),
                (today.AddYears(-1).AddDays(1), today, teams[0]),
                (today.AddDays(-500), today.AddDays(-200), null),
                (today.AddDays(-500), today.AddDays(-200), teams[1]),
            ];
            foreach (var (from, to, team) in cases)
            {
                var teamWorkers = workers.Where(w => team is null || w.TeamId == team).Select(w => w.WorkerId).ToHashSet();
                var employed = workers.Where(w => teamWorkers.Contains(w.WorkerId) && w.IsEmployedOn(to)).Select(w => w.WorkerId).ToArray();
                var expected = Specification(referrals, spells, from, to, today, team is null ? null : teamWorkers, employed.ToHashSet());
                var actual = await host.WithScopeAsync(sp => sp.GetRequiredService<ProgrammeFigures>()
                    .CountAsync(from, to, today, team is null ? null : [.. teamWorkers], employed, WindowMonths, TargetDays, default));

                var label = $"{from}..{to} team {team?.ToString() ?? "all"}";
                Assert.True(expected.Received > 5 && (team is not null || (expected.BedDays.Engagements > 3 && expected.BedDays.BedDaysBefore > 0)),
                    $"the random data exercises the case ({label}): {expected}");
                Assert.Equal(expected with { ReceivedBySource = NoSources }, actual with { ReceivedBySource = NoSources });
                Assert.Equal(expected.ReceivedBySource.OrderBy(s => s.Source), actual.ReceivedBySource.OrderBy(s => s.Source));
            }

            // The kept per-engagement nights follow later changes: a spell recorded through the
            // handler recomputes its client's engagements in the same transaction, and a first
            // contact that moved is caught up by the next report.
            var (yearFrom, yearTo) = (today.AddYears(-1).AddDays(1), today);
            bool MatureInYear(ReferralProgress r) => r.ClientId is not null && r.FirstContactAt is { } first
                && TrustCalendar.LocalDate(first) is var began && began >= yearFrom && began.AddMonths(WindowMonths) <= today;
            var withoutSpells = referrals.First(r => MatureInYear(r) && spells.All(s => s.ClientId != r.ClientId));
            var start = TrustCalendar.LocalDate(withoutSpells.FirstContactAt!.Value);
            var request = new PeerPlatform.Contracts.Outcomes.V1.RecordHospitalSpellRequest
            {
                ProviderSpellId = "later-" + Guid.NewGuid().ToString("N"),
                ClientId = withoutSpells.ClientId!.Value.ToString(),
                AdmittedOn = start.AddDays(-10).ToIsoDate(),
                DischargedOn = start.AddDays(5).ToIsoDate(),
            };
            var recorded = await host.WithScopeAsync(sp => sp.GetRequiredService<RecordHospitalSpellHandler>().HandleAsync(request, default));
            spells.Add(new HospitalSpell { Id = Guid.Parse(recorded.SpellId), ProviderSpellId = request.ProviderSpellId, ClientId = withoutSpells.ClientId!.Value, AdmittedOn = start.AddDays(-10), DischargedOn = start.AddDays(5) });

            var allEmployed = workers.Where(w => w.IsEmployedOn(yearTo)).Select(w => w.WorkerId).ToArray();
            ProgrammeCounts YearSpecification() => Specification(referrals, spells, yearFrom, yearTo, today, null, allEmployed.ToHashSet());
            // A first contact whose move changes the bed days, so a row left stale would show.
            var unmoved = YearSpecification();
            var moved = referrals.Where(r => MatureInYear(r) && r != withoutSpells && spells.Any(s => s.ClientId == r.ClientId)).FirstOrDefault(r =>
            {
                var original = r.FirstContactAt;
                r.FirstContactAt = original!.Value.AddDays(-20);
                var changes = YearSpecification().BedDays != unmoved.BedDays;
                r.FirstContactAt = original;
                return changes;
            });
            Assert.NotNull(moved);
            moved.FirstContactAt = moved.FirstContactAt!.Value.AddDays(-20);
            await host.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OutcomesDbContext>();
                var row = await db.Referrals.SingleAsync(r => r.ReferralId == moved.ReferralId);
                row.FirstContactAt = moved.FirstContactAt;
                return await db.SaveChangesAsync();
            });

            var after = YearSpecification();
            var before = Specification(referrals, spells.Where(s => s.ProviderSpellId != request.ProviderSpellId).ToList(), yearFrom, yearTo, today, null, allEmployed.ToHashSet());
            Assert.True(after.BedDays.BedDaysBefore >= before.BedDays.BedDaysBefore + 10, $"the later spell adds nights: {before.BedDays} then {after.BedDays}");
            var counted = await host.WithScopeAsync(sp => sp.GetRequiredService<ProgrammeFigures>()
                .CountAsync(yearFrom, yearTo, today, null, allEmployed, WindowMonths, TargetDays, default));
            Assert.Equal(after.BedDays, counted.BedDays);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    /// <summary>The report's figures computed in memory from the domain rules, as the report did before it counted in SQL.</summary>
    private static ProgrammeCounts Specification(
        List<ReferralProgress> all, List<HospitalSpell> spells, DateOnly from, DateOnly to, DateOnly today, HashSet<Guid>? teamWorkers, HashSet<Guid> employed)
    {
        var referrals = all.Where(r => teamWorkers is null || (r.WorkerId is { } w && teamWorkers.Contains(w))).ToList();
        bool InPeriod(DateTimeOffset? at) => at is { } instant && TrustCalendar.LocalDate(instant) is var day && day >= from && day <= to;
        var received = referrals.Where(r => InPeriod(r.ReceivedAt)).ToList();
        var informed = received.Where(r => r.InformationGivenOn is not null).ToList();
        var consented = informed.Where(r => r.Consented == true).ToList();
        var started = referrals.Where(r => InPeriod(r.FirstContactAt)).ToList();
        var days = started.Where(r => r.ReceivedAt is not null)
            .Select(r => (decimal)(TrustCalendar.LocalDate(r.FirstContactAt!.Value).DayNumber - TrustCalendar.LocalDate(r.ReceivedAt!.Value).DayNumber))
            .ToList();
        var active = referrals.Where(r => r.FirstContactAt is { } first && TrustCalendar.LocalDate(first) <= to
                                          && (r.EndedAt is null || TrustCalendar.LocalDate(r.EndedAt.Value) > to)
                                          && (r.WithdrawnAt is null || TrustCalendar.LocalDate(r.WithdrawnAt.Value) > to)).ToList();
        var stays = spells.ToLookup(s => s.ClientId, s => new Stay(s.AdmittedOn, s.DischargedOn));
        var bedDays = BedDays.Totals(
            started.Where(r => r.ClientId is not null)
                .Select(r => (r.ClientId!.Value, TrustCalendar.LocalDate(r.FirstContactAt!.Value), (IReadOnlyCollection<Stay>)stays[r.ClientId!.Value].ToList())),
            WindowMonths,
            today);
        return new ProgrammeCounts(
            received.Count,
            [.. received.GroupBy(r => r.Source ?? "unknown").Select(g => (g.Key, g.Count()))],
            informed.Count,
            consented.Count,
            consented.Count(r => r.AcceptedAt is not null),
            days.Count,
            Statistics.Median(days),
            days.Count(d => d <= TargetDays),
            active.Count,
            active.Count(r => r.WorkerId is { } w && employed.Contains(w)),
            bedDays);
    }

    private static ReferralProgress RandomReferral(Random random, DateOnly today, List<Guid> clients, List<WorkerRecord> workers)
    {
        // Instants at 23:00–01:00 UTC fall on a different local day in summer than in winter.
        DateTimeOffset NearMidnight(int daysAgo) =>
            new DateTimeOffset(today.AddDays(-daysAgo).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(random.Next(-60, 60));
        var receivedAgo = random.Next(0, 730);
        var informed = random.Next(5) > 0;
        var consented = informed && random.Next(4) > 0;
        var accepted = consented && random.Next(5) > 0;
        var started = accepted && random.Next(6) > 0;
        var startedAgo = Math.Max(0, receivedAgo - random.Next(0, 40));
        var ended = started && random.Next(3) == 0;
        return new ReferralProgress
        {
            ReferralId = Guid.NewGuid(),
            ClientId = random.Next(20) == 0 ? null : clients[random.Next(clients.Count)],
            Source = random.Next(10) == 0 ? null : new[] { "self", "gp", "clinical_team", "carer" }[random.Next(4)],
            Priority = "routine",
            ReceivedAt = random.Next(25) == 0 ? null : NearMidnight(receivedAgo),
            InformationGivenOn = informed ? today.AddDays(-receivedAgo + 1) : null,
            Consented = informed ? consented : null,
            AcceptedAt = accepted ? NearMidnight(Math.Max(0, receivedAgo - 2)) : null,
            WorkerId = started || random.Next(3) == 0 ? workers[random.Next(workers.Count)].WorkerId : null,
            FirstContactAt = started ? NearMidnight(startedAgo) : null,
            EndedAt = ended ? NearMidnight(Math.Max(0, startedAgo - random.Next(1, 300))) : null,
            // An engagement can also close by the referral's withdrawal.
            WithdrawnAt = !ended && random.Next(6) == 0 ? NearMidnight(Math.Max(0, (started ? startedAgo : receivedAgo) - random.Next(1, 300))) : null,
        };
    }

    private static IEnumerable<HospitalSpell> RandomSpells(Random random, DateOnly today, Guid client)
    {
        var day = today.AddDays(-random.Next(700, 1000));
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            day = day.AddDays(random.Next(1, 250));
            if (day > today)
            {
                yield break;
            }

            var length = random.Next(10) == 0 ? 0 : random.Next(1, 60);
            var open = i == 1 && random.Next(4) == 0;
            yield return new HospitalSpell
            {
                Id = Guid.NewGuid(),
                ProviderSpellId = $"spell-{Guid.NewGuid():N}",
                ClientId = client,
                AdmittedOn = day,
                DischargedOn = open ? null : day.AddDays(length),
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            day = day.AddDays(length);
        }
    }
}
