using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Security;
using PeerPlatform.Supervision.Organisations;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision;

/// <summary>peer.supervision.v1.PartnerOrganisationService: administrators register partner organisations.</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class PartnerOrganisationGrpcService(IServiceProvider services) : C.PartnerOrganisationService.PartnerOrganisationServiceBase
{
    public override Task<C.PartnerOrganisation> RegisterPartnerOrganisation(C.RegisterPartnerOrganisationRequest request, ServerCallContext context) =>
        services.GetRequiredService<RegisterPartnerOrganisationHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PartnerOrganisation> GetPartnerOrganisation(C.GetPartnerOrganisationRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetPartnerOrganisationHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListPartnerOrganisationsResponse> ListPartnerOrganisations(C.ListPartnerOrganisationsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListPartnerOrganisationsHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PartnerOrganisation> DeactivatePartnerOrganisation(C.DeactivatePartnerOrganisationRequest request, ServerCallContext context) =>
        services.GetRequiredService<DeactivatePartnerOrganisationHandler>().HandleAsync(request, context.CancellationToken);
}
