using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using S = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Fhir.Organizations;

/// <summary>
/// GET /Organization/{id}: a partner organisation of service users or carers. Like the native API
/// (PartnerOrganisationService.GetPartnerOrganisation), for the platform administrator only.
/// </summary>
internal static class ReadOrganization
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Organization/{id}", async (string id, S.PartnerOrganisationService.PartnerOrganisationServiceClient partners, CancellationToken cancellationToken) =>
    {
        try
        {
            return FhirJson.Write(ToFhir(await partners.GetPartnerOrganisationAsync(new S.GetPartnerOrganisationRequest { OrganisationId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Organization", ("organisation_id", "Organization.id")));
        }
    });

    internal static Organization ToFhir(S.PartnerOrganisation organisation) => new()
    {
        Id = organisation.OrganisationId,
        Active = organisation.Active,
        Name = organisation.Name,
        Type =
        {
            new CodeableConcept(FhirSystems.OrganisationKind, organisation.Kind switch
            {
                S.OrganisationKind.ServiceUserLed => "service-user-led",
                S.OrganisationKind.CarerLed => "carer-led",
                _ => "other-voluntary",
            }),
        },
    };
}
