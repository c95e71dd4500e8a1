using System.Security.Claims;
using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Agreements;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using PeerPlatform.Supervision.Figures;
using PeerPlatform.Supervision.Organisations;
using PeerPlatform.Supervision.Sessions;
using PeerPlatform.Supervision.Supervisors;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.IntegrationTests.Supervision;

/// <summary>The Supervision service against a real PostgreSQL and RabbitMQ: Workforce's events in, overdue episodes out.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SupervisionTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const string Organisation = "org-integration";
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ServiceHosts.StartSupervisionAsync(infrastructure, infrastructure.NewDatabaseName("supervision"));
        await host.WithScopeAsync(sp => sp.GetRequiredService<RegisterPartnerOrganisationHandler>().HandleAsync(
            new C.RegisterPartnerOrganisationRequest { OrganisationId = Organisation, Name = "Integration partner", Kind = C.OrganisationKind.ServiceUserLed }, default));
    }

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private static DateOnly Today => Compliance.LocalDate(DateTimeOffset.UtcNow);

    /// <summary>Runs <paramref name="call"/> in a request scope, as the trust or (with an organisation) as that partner.</summary>
    private Task<T> As<T>(string? partnerOrganisation, Func<IServiceProvider, Task<T>> call) => host.WithScopeAsync(sp =>
    {
        Claim[] claims = partnerOrganisation is null
            ? [new("role", "integrator"), new("client_id", "trust-integrator")]
            : [new("role", "partner"), new("partner_org", partnerOrganisation), new("client_id", "partner-" + partnerOrganisation)];
        sp.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "sub", "role")),
            RequestServices = sp,
        };
        return call(sp);
    });

    private Task<T> Db<T>(Func<SupervisionDbContext, Task<T>> query) => host.WithScopeAsync(sp => query(sp.GetRequiredService<SupervisionDbContext>()));

    private async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        await host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    private async Task<Guid> HiredWorkerAsync(int daysAgo)
    {
        var workerId = Guid.NewGuid();
        await PublishAsync(new PeerWorkerHired(Guid.NewGuid(), DateTimeOffset.UtcNow, workerId, Guid.NewGuid(), 37.5m, 9, Today.AddDays(-daysAgo)));
        await ServiceHosts.EventuallyAsync(() => Db(db => db.Workers.AnyAsync(w => w.Id == workerId && w.StartedOn != null)), "the hired worker is known");
        return workerId;
    }

    private Task<C.Agreement> AgreeAsync(Guid workerId, int daysAgo, int frequency = 28) =>
        As(null, sp => sp.GetRequiredService<CreateAgreementHandler>().HandleAsync(new C.CreateAgreementRequest
        {
            OrganisationId = Organisation,
            WorkerId = workerId.ToString(),
            FrequencyDays = frequency,
            StartsOn = Today.AddDays(-daysAgo).ToString("yyyy-MM-dd"),
        }, default));

    private Task<int> OutboxCountAsync<TEvent>(Func<TEvent, bool> about) => Db(async db =>
        (await db.Set<OutboxMessage>().Where(m => m.MessageType == IntegrationEventTypes.UrnOf(typeof(TEvent))).ToListAsync())
            .Count(m => about((TEvent)System.Text.Json.JsonSerializer.Deserialize(m.Payload, typeof(TEvent), Json)!)));

    [Fact]
    public async Task A_worker_who_leaves_has_their_agreement_ended_once_even_when_the_event_is_redelivered()
    {
        var workerId = await HiredWorkerAsync(daysAgo: 30);
        var agreement = await AgreeAsync(workerId, daysAgo: 30);

        var left = new PeerWorkerLeft(Guid.NewGuid(), DateTimeOffset.UtcNow, workerId, Guid.NewGuid(), Today, []);
        var messageId = Guid.NewGuid();
        await PublishAsync(left, messageId);
        await PublishAsync(left, messageId); // the broker redelivers: the inbox applies it once
        await ServiceHosts.EventuallyAsync(() => Db(db => db.Agreements.AnyAsync(a => a.Id == Guid.Parse(agreement.AgreementId) && a.EndsOn == Today)), "the agreement ends");
        await ServiceHosts.EventuallyAsync(() => Db(db => db.Set<PeerPlatform.Messaging.Inbox.InboxMessage>().AnyAsync(m => m.MessageId == messageId)), "the event is in the inbox");
        await Task.Delay(500);

        Assert.Equal(1, await OutboxCountAsync<SupervisionAgreementEnded>(e => e.WorkerId == workerId));
        var ended = await Db(db => db.Agreements.SingleAsync(a => a.WorkerId == workerId));
        Assert.Equal(AgreementEndReason.WorkerLeft, ended.EndReason);
        await Assert.ThrowsAsync<DomainRuleViolationException>(() => AgreeAsync(workerId, daysAgo: -1));
    }

    [Fact]
    public async Task Leaving_that_arrives_before_hiring_is_kept_when_hiring_arrives()
    {
        var workerId = Guid.NewGuid();
        await PublishAsync(new PeerWorkerLeft(Guid.NewGuid(), DateTimeOffset.UtcNow, workerId, Guid.NewGuid(), Today, []));
        await ServiceHosts.EventuallyAsync(() => Db(db => db.Workers.AnyAsync(w => w.Id == workerId)), "the leaving is recorded");
        await PublishAsync(new PeerWorkerHired(Guid.NewGuid(), DateTimeOffset.UtcNow, workerId, Guid.NewGuid(), 30m, 7, Today.AddDays(-100)));
        await ServiceHosts.EventuallyAsync(() => Db(db => db.Workers.AnyAsync(w => w.Id == workerId && w.StartedOn != null)), "the hiring is recorded");

        var worker = await Db(db => db.Workers.SingleAsync(w => w.Id == workerId));
        Assert.Equal(Today, worker.LeftOn);
        Assert.Equal(Today.AddDays(-100), worker.StartedOn);
    }

    [Fact]
    public async Task Two_overlapping_agreements_for_one_worker_cannot_both_be_made()
    {
        var workerId = await HiredWorkerAsync(daysAgo: 10);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await AgreeAsync(workerId, daysAgo: 5);
                return "created";
            }
            catch (DomainRuleViolationException)
            {
                return "refused";
            }
        }));

        Assert.Single(results, r => r == "created");
        Assert.Equal(1, await Db(db => db.Agreements.CountAsync(a => a.WorkerId == workerId)));
    }

    [Fact]
    public async Task Overdue_is_announced_once_per_episode_and_again_after_a_new_lapse()
    {
        var workerId = await HiredWorkerAsync(daysAgo: 120);
        var agreement = await AgreeAsync(workerId, daysAgo: 120);
        var monitor = host.Services.GetRequiredService<OverdueMonitor>();
        bool AboutWorker(SupervisionOverdue e) => e.WorkerId == workerId;

        await monitor.CheckAsync(default);
        await monitor.CheckAsync(default); // nothing new: same episode
        Assert.Equal(1, await OutboxCountAsync<SupervisionOverdue>(AboutWorker));

        // A session held 40 days ago ends that episode, and the worker has lapsed again since: a new episode.
        var supervisor = await As(Organisation, sp => sp.GetRequiredService<AddSupervisorHandler>().HandleAsync(new C.AddSupervisorRequest { GivenName = "Sam", FamilyName = "Reed" }, default));
        await As(Organisation, sp => sp.GetRequiredService<RecordSupervisorTrainingHandler>().HandleAsync(
            new C.RecordSupervisorTrainingRequest { SupervisorId = supervisor.SupervisorId, Course = "Peer supervision", CompletedOn = Today.AddDays(-200).ToString("yyyy-MM-dd") }, default));
        var session = await As(Organisation, sp => sp.GetRequiredService<ScheduleSessionHandler>().HandleAsync(new C.ScheduleSessionRequest
        {
            SupervisorId = supervisor.SupervisorId,
            Kind = C.SessionKind.Individual,
            ScheduledFor = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-40)),
            DurationMinutes = 60,
            WorkerIds = { workerId.ToString() },
        }, default));
        await As(Organisation, sp => sp.GetRequiredService<RecordSessionHeldHandler>().HandleAsync(new C.RecordSessionHeldRequest { SessionId = session.SessionId, ConfidentialNotes = "private" }, default));

        await monitor.CheckAsync(default);
        await monitor.CheckAsync(default);
        var raised = await Db(async db => (await db.Set<OutboxMessage>().Where(m => m.MessageType == IntegrationEventTypes.UrnOf(typeof(SupervisionOverdue))).ToListAsync())
            .Select(m => System.Text.Json.JsonSerializer.Deserialize<SupervisionOverdue>(m.Payload, Json)!).Where(AboutWorker).OrderBy(e => e.OccurredAt).ToList());
        Assert.Equal(2, raised.Count);
        Assert.Null(raised[0].LastHeldOn);
        Assert.Equal(Today.AddDays(-40), raised[1].LastHeldOn);
        Assert.Equal(Today.AddDays(-40 + 28 + 1), raised[1].OverdueSince);
        Assert.Equal(Guid.Parse(agreement.AgreementId), raised[1].AgreementId);

        // The held event carries no notes.
        var heldBodies = await Db(db => db.Set<OutboxMessage>().Where(m => m.MessageType == IntegrationEventTypes.UrnOf(typeof(SupervisionSessionHeld))).Select(m => m.Payload).ToListAsync());
        Assert.Contains(heldBodies, b => b.Contains(session.SessionId, StringComparison.Ordinal));
        Assert.DoesNotContain(heldBodies, b => b.Contains("private", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_organisation_that_is_not_registered_cannot_record_anything()
    {
        var refused = await Assert.ThrowsAsync<DomainRuleViolationException>(() => As("org-unregistered", sp =>
            sp.GetRequiredService<AddSupervisorHandler>().HandleAsync(new C.AddSupervisorRequest { GivenName = "A", FamilyName = "B" }, default)));
        Assert.Contains("not registered", refused.Message);
        Assert.Equal(0, await Db(db => db.Supervisors.CountAsync(s => s.OrganisationId == "org-unregistered")));
    }
}
