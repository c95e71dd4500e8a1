using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Integrations.Domain;

namespace PeerPlatform.UnitTests.Integrations;

public sealed class EventCatalogueTests
{
    [Fact]
    public void Every_integration_event_is_published_under_one_unique_dotted_name()
    {
        var contractEvents = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
            .ToHashSet();
        Assert.Equal(contractEvents.OrderBy(t => t.Name), EventCatalogue.All.Select(e => e.EventType).OrderBy(t => t.Name));
        Assert.Equal(EventCatalogue.All.Count, EventCatalogue.All.Select(e => e.Name).Distinct().Count());
        Assert.All(EventCatalogue.All, e => Assert.Matches("^(referral|supervision|workforce)\\.[a-z_]+$", e.Name));
        Assert.All(EventCatalogue.All, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
    }

    [Fact]
    public void Partners_may_hear_only_of_events_that_name_an_organisation_or_a_supervised_worker()
    {
        var partnerVisible = EventCatalogue.All.Where(e => e.PartnerVisible).Select(e => e.Name).Order().ToList();
        Assert.Equal(
            ["supervision.agreement_ended", "supervision.agreement_started", "supervision.concern_raised", "supervision.overdue", "supervision.session_held", "workforce.worker_left", "workforce.worker_ready"],
            partnerVisible);
        Assert.All(EventCatalogue.All.Where(e => e.Name.StartsWith("referral.", StringComparison.Ordinal)), e => Assert.False(e.PartnerVisible));
    }

    [Fact]
    public void The_data_of_an_event_is_its_fields_without_its_id_and_time_in_camel_case()
    {
        var concernId = Guid.NewGuid();
        var workerId = Guid.NewGuid();
        var raised = new SupervisionConcernRaised(Guid.NewGuid(), DateTimeOffset.UtcNow, concernId, "org-a", workerId, "Safeguarding", "Immediate");
        var type = EventCatalogue.For(typeof(SupervisionConcernRaised));

        var data = EventCatalogue.DataOf(raised);

        Assert.Equal(["category", "concernId", "organisationId", "urgency", "workerId"], data.Select(p => p.Key).Order());
        Assert.Equal("Immediate", data["urgency"]!.GetValue<string>());
        Assert.Equal(concernId, type.Subject(raised));
        Assert.Equal("org-a", type.Organisation!(raised));
    }

    [Fact]
    public void A_workers_readiness_is_about_the_worker_so_their_supervisors_may_hear_of_it()
    {
        var workerId = Guid.NewGuid();
        var type = EventCatalogue.For(typeof(PeerWorkerReady));

        Assert.Equal(workerId, type.AboutWorker!(new PeerWorkerReady(Guid.NewGuid(), DateTimeOffset.UtcNow, workerId, Guid.NewGuid())));
        Assert.Null(type.Organisation);
        Assert.Null(EventCatalogue.Named("no.such_event"));
    }
}
