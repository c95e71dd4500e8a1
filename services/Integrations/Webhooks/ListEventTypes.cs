using PeerPlatform.Integrations.Domain;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Webhooks;

/// <summary>The catalogue of event types, for callers choosing what to subscribe to.</summary>
internal sealed class ListEventTypesHandler
{
    public Task<C.ListEventTypesResponse> HandleAsync(C.ListEventTypesRequest request, CancellationToken cancellationToken)
    {
        var response = new C.ListEventTypesResponse();
        response.EventTypes.AddRange(EventCatalogue.All.Select(t => new C.EventType { Name = t.Name, Description = t.Description, PartnerVisible = t.PartnerVisible }));
        return Task.FromResult(response);
    }
}
