using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Contracts.Events.Workforce;

namespace PeerPlatform.Integrations.Domain;

/// <summary>How an event type is published: its name, what it is about and who may see it.</summary>
/// <param name="Name">The public name ("supervision.concern_raised"), stable across versions.</param>
/// <param name="Subject">The record the event is about: a subscriber receives one record's events in order.</param>
/// <param name="Organisation">The partner organisation it is about, when the event names one.</param>
/// <param name="AboutWorker">The worker it is about, when partners supervising that worker may see it.</param>
internal sealed record PublishedEventType(
    Type EventType,
    string Name,
    string Description,
    Func<IIntegrationEvent, Guid> Subject,
    Func<IIntegrationEvent, string?>? Organisation = null,
    Func<IIntegrationEvent, Guid>? AboutWorker = null)
{
    /// <summary>Partner organisations may subscribe to events that name an organisation or a worker they supervise.</summary>
    public bool PartnerVisible => Organisation is not null || AboutWorker is not null;
}

/// <summary>
/// Every integration event told to integrators, and its public name. A contract event missing
/// here is not published (a unit test lists the ones left out on purpose).
/// </summary>
internal static class EventCatalogue
{
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<PublishedEventType> All { get; } =
    [
        Event<ReferralReceived>("referral.received", "A referral was received for a client (source and priority codes).", e => e.ReferralId),
        Event<InformationGiven>("referral.information_given", "The client was told about peer support (method code).", e => e.ReferralId),
        Event<ConsentRecorded>("referral.consent_recorded", "The client's consent decision was recorded (consented true or false).", e => e.ReferralId),
        Event<ConsentWithdrawn>("referral.consent_withdrawn", "The client withdrew consent; the engagement ends.", e => e.ReferralId),
        Event<ReferralAccepted>("referral.accepted", "The referral was accepted for peer support.", e => e.ReferralId),
        Event<ReferralDeclined>("referral.declined", "Declined by the client or not accepted at triage (outcome code).", e => e.ReferralId),
        Event<ReferralWithdrawn>("referral.withdrawn", "The referral was withdrawn.", e => e.ReferralId),
        Event<PeerWorkerAssigned>("referral.worker_assigned", "A peer worker was matched to the referral.", e => e.ReferralId),
        Event<EngagementStarted>("referral.first_contact", "The first contact happened: the engagement started.", e => e.ReferralId),
        Event<PeerContactRecorded>("referral.contact_recorded", "A contact was recorded (mode code, duration; never notes).", e => e.ReferralId),
        Event<EngagementEnded>("referral.engagement_ended", "The engagement ended (reason code).", e => e.ReferralId),
        Event<ClientDetailsCorrected>("referral.client_details_corrected", "A client's details were corrected (the names of the fields; read the client for the values).", e => e.ClientId),
        Event<ClientsMerged>("referral.clients_merged", "Two records of one person were merged: the source's referrals now belong to the target.", e => e.SourceClientId),
        Event<ClientMergeUndone>("referral.client_merge_undone", "A merge was undone: the moved referrals belong to the source client again.", e => e.SourceClientId),
        Event<ClientRecordsErased>("referral.client_records_erased", "A client's records were erased (retention ended or erasure granted): remove your copies of their personal data.", e => e.ClientId),
        Supervision<SupervisionConcernRaised>("supervision.concern_raised", "A partner organisation raised a concern about a worker (category and urgency; never notes).", e => e.ConcernId, e => e.OrganisationId),
        Supervision<SupervisionOverdue>("supervision.overdue", "A worker passed their agreement's supervision frequency without a held session.", e => e.AgreementId, e => e.OrganisationId),
        Supervision<SupervisionSessionHeld>("supervision.session_held", "A supervision session took place (attending worker ids, themes).", e => e.SessionId, e => e.OrganisationId),
        Supervision<SupervisionAgreementStarted>("supervision.agreement_started", "An organisation started supervising a worker.", e => e.AgreementId, e => e.OrganisationId),
        Supervision<SupervisionAgreementEnded>("supervision.agreement_ended", "A supervision agreement ended (reason code).", e => e.AgreementId, e => e.OrganisationId),
        Event<PeerWorkerHired>("workforce.worker_hired", "A peer worker was hired (not yet ready for clients).", e => e.WorkerId),
        Worker<PeerWorkerReady>("workforce.worker_ready", "A worker completed every mandatory module and can take clients.", e => e.WorkerId),
        Worker<PeerWorkerLeft>("workforce.worker_left", "A worker left; the referrals they held need matching again.", e => e.WorkerId),
        Event<TeamTrainingDelivered>("workforce.team_training_delivered", "A team received recovery-focused training.", e => e.TeamId),
    ];

    private static readonly FrozenDictionary<Type, PublishedEventType> ByType = All.ToFrozenDictionary(t => t.EventType);

    private static readonly FrozenDictionary<string, PublishedEventType> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static PublishedEventType For(Type eventType) =>
        ByType.TryGetValue(eventType, out var published) ? published : throw new InvalidOperationException($"{eventType.Name} is not published to integrators.");

    public static PublishedEventType? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The event's fields besides its id and time, as the webhook body's "data" carries them (camelCase).</summary>
    public static JsonObject DataOf(IIntegrationEvent integrationEvent)
    {
        var data = JsonSerializer.SerializeToNode(integrationEvent, integrationEvent.GetType(), DataJson)!.AsObject();
        data.Remove("eventId");
        data.Remove("occurredAt");
        return data;
    }

    private static PublishedEventType Event<T>(string name, string description, Func<T, Guid> subject) where T : IIntegrationEvent =>
        new(typeof(T), name, description, e => subject((T)e));

    private static PublishedEventType Worker<T>(string name, string description, Func<T, Guid> worker) where T : IIntegrationEvent =>
        new(typeof(T), name, description, e => worker((T)e), AboutWorker: e => worker((T)e));

    private static PublishedEventType Supervision<T>(string name, string description, Func<T, Guid> subject, Func<T, string> organisation) where T : IIntegrationEvent =>
        new(typeof(T), name, description, e => subject((T)e), e => organisation((T)e));
}
