using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Integrations.Events;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations;

/// <summary>peer.integrations.v1.EventFeedService: the trust's systems read every event, a partner those about its organisation.</summary>
internal sealed class EventFeedGrpcService(IServiceProvider services) : C.EventFeedService.EventFeedServiceBase
{
    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    public override Task<C.ListEventsResponse> ListEvents(C.ListEventsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListEventsHandler>().HandleAsync(request, context.CancellationToken);
}
