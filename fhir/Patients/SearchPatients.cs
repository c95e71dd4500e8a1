using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Patients;

/// <summary>
/// GET /Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|{n}, or POST /Patient/_search with
/// the same as a form (which keeps the number out of URLs): ReferralService.FindClient, audited
/// there. No match is an empty Bundle.
/// </summary>
internal static class SearchPatients
{
    public static void Map(IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/Patient", (HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses) =>
            SearchAsync(context, context.Request.Query["identifier"].ToString(), context.Request.Query.Keys, referrals, addresses));
        fhir.MapPost("/Patient/_search", async (HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return FhirErrors.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send the search as application/x-www-form-urlencoded.");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return await SearchAsync(context, form["identifier"].ToString(), form.Keys, referrals, addresses);
        });
    }

    private static async Task<IResult> SearchAsync(
        HttpContext context, string identifier, ICollection<string> parameters, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses)
    {
        if (parameters.FirstOrDefault(p => p is not ("identifier" or "_count" or "_format")) is { } unsupported)
        {
            return FhirErrors.BadValue(unsupported, $"Patients are searched by identifier only, not '{unsupported}'.");
        }

        var (system, value) = References.Token(identifier);
        if (value.Length == 0 || system != FhirSystems.NhsNumber)
        {
            return FhirErrors.BadValue("identifier", $"Search by identifier={FhirSystems.NhsNumber}|<NHS number>.");
        }

        try
        {
            var client = await referrals.FindClientAsync(new C.FindClientRequest { NhsNumber = value }, cancellationToken: context.RequestAborted);
            return FhirJson.Write(addresses.SearchSet(context, "Patient", [PatientMapping.ToFhir(client)], null, total: 1));
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            return FhirJson.Write(addresses.SearchSet(context, "Patient", [], null, total: 0));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("Patient", ("nhs_number", "identifier")));
        }
    }
}
