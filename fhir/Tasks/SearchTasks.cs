using Grpc.Core;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.Tasks;

/// <summary>GET /Task?focus=ServiceRequest/{id}: the Task following that referral (an empty Bundle when there is none).</summary>
internal static class SearchTasks
{
    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/Task", async (HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses) =>
    {
        if (context.Request.Query.Keys.FirstOrDefault(k => k is not ("focus" or "based-on" or "_format")) is { } unsupported)
        {
            return FhirErrors.BadValue(unsupported, $"Tasks are searched by focus (or based-on) only, not '{unsupported}'.");
        }

        var focus = context.Request.Query["focus"].ToString() is { Length: > 0 } f ? f : context.Request.Query["based-on"].ToString();
        if (References.IdOf(focus, "ServiceRequest") is not { } referralId)
        {
            return FhirErrors.BadValue("focus", "Search by focus=ServiceRequest/{id}.");
        }

        try
        {
            var referral = await referrals.GetReferralAsync(new C.GetReferralRequest { ReferralId = referralId }, cancellationToken: context.RequestAborted);
            return FhirJson.Write(addresses.SearchSet(context, "Task", [TaskMapping.ToFhir(referral)], null, total: 1));
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return FhirJson.Write(addresses.SearchSet(context, "Task", [], null, total: 0));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, FieldMap.None);
        }
    });
}
