using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.IntegrationTests.Outcomes;

/// <summary>
/// Outcomes' figures come from events: redelivered, replayed or out-of-order events must leave
/// every figure as it was. Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OutcomesFromEventsTests(InfrastructureFixture infrastructure)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A small programme: one engaged client with a spell before, one who declined; one worker; supervision.</summary>
    private sealed record Programme(Guid Client, Guid Declined, IReadOnlyList<(object Event, Guid MessageId)> Events);

    private static Programme SmallProgramme()
    {
        var (worker, team, client, declined, engaged, refused) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var receivedAt = Now.AddDays(-250);
        object[] events =
        [
            new PeerWorkerHired(Guid.NewGuid(), Now.AddDays(-300), worker, team, 37.5m, 9, DateOnly.FromDateTime(Now.AddDays(-300).UtcDateTime)),
            new ReferralReceived(Guid.NewGuid(), Now, engaged, client, "self", "routine", receivedAt),
            new InformationGiven(Guid.NewGuid(), Now, engaged, client, DateOnly.FromDateTime(receivedAt.UtcDateTime), "in_person"),
            new ConsentRecorded(Guid.NewGuid(), Now, engaged, client, true),
            new ReferralAccepted(Guid.NewGuid(), Now, engaged, client),
            new PeerWorkerAssigned(Guid.NewGuid(), Now, engaged, client, worker),
            new EngagementStarted(Guid.NewGuid(), Now, engaged, client, worker, Now.AddDays(-240), receivedAt),
            new ReferralReceived(Guid.NewGuid(), Now, refused, declined, "gp", "routine", Now.AddDays(-100)),
            new InformationGiven(Guid.NewGuid(), Now, refused, declined, DateOnly.FromDateTime(Now.AddDays(-99).UtcDateTime), "phone"),
            new ConsentRecorded(Guid.NewGuid(), Now, refused, declined, false),
            new ReferralDeclined(Guid.NewGuid(), Now, refused, declined, "client_declined"),
            new SupervisionAgreementStarted(Guid.NewGuid(), Now, Guid.NewGuid(), worker, "org-x", 28, DateOnly.FromDateTime(Now.AddDays(-200).UtcDateTime)),
            new SupervisionSessionHeld(Guid.NewGuid(), Now, Guid.NewGuid(), "org-x", false, DateOnly.FromDateTime(Now.AddDays(-10).UtcDateTime), 60, [worker], ["Wellbeing"]),
        ];
        return new Programme(client, declined, events.Select(e => (e, Guid.NewGuid())).ToList());
    }

    private static async Task PublishAsync(IHost host, IEnumerable<(object Event, Guid MessageId)> events)
    {
        var bus = host.Services.GetRequiredService<IBus>();
        foreach (var (message, messageId) in events)
        {
            await bus.Publish(message, message.GetType(), context => context.MessageId = messageId);
        }
    }

    private static Task WaitForInboxAsync(IHost host, int processed) =>
        ServiceHosts.EventuallyAsync(() => host.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().Set<InboxMessage>().CountAsync()).ContinueWith(t => t.Result >= processed),
            $"{processed} events are applied");

    private static Task<C.ProgrammeReport> ReportAsync(IHost host) => host.WithScopeAsync(async sp =>
    {
        var report = await sp.GetRequiredService<GetProgrammeReportHandler>().HandleAsync(new C.GetProgrammeReportRequest(), default);
        report.GeneratedAt = null;
        return report;
    });

    private static Task<C.HospitalSpell> SpellAsync(IHost host, Guid client, string providerId, int admittedDaysAgo, int dischargedDaysAgo) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<RecordHospitalSpellHandler>().HandleAsync(new C.RecordHospitalSpellRequest
        {
            ProviderSpellId = providerId,
            ClientId = client.ToString(),
            AdmittedOn = DateOnly.FromDateTime(Now.AddDays(-admittedDaysAgo).UtcDateTime).ToString("yyyy-MM-dd"),
            DischargedOn = DateOnly.FromDateTime(Now.AddDays(-dischargedDaysAgo).UtcDateTime).ToString("yyyy-MM-dd"),
        }, default));

    [Fact]
    public async Task Redelivered_replayed_and_reordered_events_leave_every_figure_unchanged()
    {
        var programme = SmallProgramme();
        var spellId = "PAS-" + Guid.NewGuid().ToString("N")[..10];

        var inOrder = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("outcomes"));
        var reversed = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("outcomes"));
        try
        {
            await PublishAsync(inOrder, programme.Events);
            await WaitForInboxAsync(inOrder, programme.Events.Count);
            // Ten nights in hospital, ending well before the engagement started on day −240.
            await SpellAsync(inOrder, programme.Client, spellId, admittedDaysAgo: 300, dischargedDaysAgo: 290);
            var first = await ReportAsync(inOrder);

            Assert.Equal(2, first.Referrals.Value);
            Assert.Equal(0.5, first.ConsentRate.Value);
            Assert.Equal(1.0, first.AcceptanceRate.Value);
            Assert.Equal(1, first.ActiveEngagements.Value);
            Assert.Equal(1, first.CaseloadUse.Numerator.Value);
            Assert.Equal(9, first.CaseloadUse.Denominator.Value);
            Assert.Equal(1.0, first.SupervisionCompliance.Value);
            Assert.Equal(10, first.BedDays.BedDaysBefore.Value);
            Assert.Equal(0, first.BedDays.BedDaysAfter.Value);
            Assert.Equal(1.0, first.BedDays.Reduction.Value);

            // The broker redelivers everything (same message ids): the inbox skips them.
            await PublishAsync(inOrder, programme.Events);
            // Another source replays everything, newest first, under new ids: applied again, same rows.
            await PublishAsync(inOrder, programme.Events.Reverse().Select(e => (e.Event, Guid.NewGuid())));
            await WaitForInboxAsync(inOrder, programme.Events.Count * 2);
            await Task.Delay(1000); // let any redelivery the inbox skipped finish
            Assert.Equal(first, await ReportAsync(inOrder));

            // Resending the spell changes nothing either.
            Assert.True((await SpellAsync(inOrder, programme.Client, spellId, 300, 290)).Unchanged);
            Assert.Equal(first, await ReportAsync(inOrder));

            // A fresh read model fed the same events in reverse order reaches the same figures.
            await PublishAsync(reversed, programme.Events.Reverse());
            await WaitForInboxAsync(reversed, programme.Events.Count);
            await SpellAsync(reversed, programme.Client, spellId, 300, 290);
            Assert.Equal(first, await ReportAsync(reversed));
        }
        finally
        {
            await inOrder.StopQuietlyAsync();
            await reversed.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Spells_that_overlap_or_name_an_unknown_client_are_refused_naming_the_conflict()
    {
        var host = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("outcomes"));
        try
        {
            var programme = SmallProgramme();
            await PublishAsync(host, programme.Events);
            await WaitForInboxAsync(host, programme.Events.Count);

            await SpellAsync(host, programme.Client, "PAS-A", admittedDaysAgo: 50, dischargedDaysAgo: 40);
            var overlap = await Assert.ThrowsAsync<DomainRuleViolationException>(() => SpellAsync(host, programme.Client, "PAS-B", 45, 30));
            Assert.Contains("PAS-A", overlap.Message);
            // Discharged and readmitted on the same day is not an overlap.
            await SpellAsync(host, programme.Client, "PAS-C", 40, 35);
            await Assert.ThrowsAsync<NotFoundException>(() => SpellAsync(host, Guid.NewGuid(), "PAS-D", 20, 10));
            // Changing a spell is allowed when it no longer overlaps anything.
            var moved = await SpellAsync(host, programme.Client, "PAS-A", 60, 50);
            Assert.False(moved.Unchanged);
            Assert.Equal(2, await host.WithScopeAsync(sp => sp.GetRequiredService<OutcomesDbContext>().HospitalSpells.CountAsync(s => s.ClientId == programme.Client)));
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }
}
