using Grpc.Core;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using PeerPlatform.Fhir.Http;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.ServiceRequests;

/// <summary>
/// GET /ServiceRequest?patient=&amp;status=&amp;authored=&amp;identifier=&amp;_count=: referrals newest
/// first, a page at a time with a next link (ReferralService.ListReferrals, audited there).
/// </summary>
internal static class SearchServiceRequests
{
    public static readonly string[] Parameters = ["patient", "subject", "status", "authored", "identifier"];

    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapGet("/ServiceRequest", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses)
    {
        var (request, answer) = ToListReferrals(context.Request.Query);
        if (request is null)
        {
            return answer!;
        }

        try
        {
            var page = await referrals.ListReferralsAsync(request, cancellationToken: context.RequestAborted);
            return FhirJson.Write(addresses.SearchSet(context, "ServiceRequest", page.Referrals.Select(ServiceRequestMapping.ToFhir), page.NextPageToken));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap("ServiceRequest", ("client_id", "patient"), ("page_token", SearchPaging.PageToken), ("received_from", "authored"), ("received_to", "authored")));
        }
    }

    /// <summary>The native request for a search, or the answer without one (a refusal, or an empty Bundle).</summary>
    internal static (C.ListReferralsRequest? Request, IResult? Answer) ToListReferrals(IQueryCollection query)
    {
        if (query.Keys.FirstOrDefault(k => !Parameters.Contains(k) && k is not ("_count" or "_format" or SearchPaging.PageToken)) is { } unsupported)
        {
            return (null, FhirErrors.BadValue(unsupported, $"ServiceRequests are searched by {string.Join(", ", Parameters)}; not by '{unsupported}'."));
        }

        var (count, badCount) = SearchPaging.Count(query);
        if (badCount is not null)
        {
            return (null, badCount);
        }

        var request = new C.ListReferralsRequest { PageSize = count, PageToken = query[SearchPaging.PageToken].ToString() };
        var patient = query["patient"].ToString() is { Length: > 0 } p ? p : query["subject"].ToString();
        if (patient.Length > 0)
        {
            request.ClientId = References.IdOf(patient, "Patient") ?? patient;
        }

        foreach (var status in query["status"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (EnumUtility.ParseLiteral<RequestStatus>(status) is not { } parsed)
            {
                return (null, FhirErrors.BadValue("status", $"'{status}' is not a ServiceRequest status."));
            }

            request.Statuses.AddRange(ServiceRequestMapping.StatusesFor(parsed));
        }

        if (query.ContainsKey("status") && request.Statuses.Count == 0)
        {
            // Only statuses no referral is ever in (draft, on-hold, ...).
            return (null, FhirJson.Write(new Bundle { Type = Bundle.BundleType.Searchset, Total = 0 }));
        }

        foreach (var authored in query["authored"])
        {
            if (!DateBound.TryParse(authored ?? "", out var prefix, out var date))
            {
                return (null, FhirErrors.BadValue("authored", "authored takes a date with an optional prefix: eq, ge, gt, le or lt (e.g. ge2026-01-01)."));
            }

            switch (prefix)
            {
                case "ge": request.ReceivedFrom = date.ToString("yyyy-MM-dd"); break;
                case "gt": request.ReceivedFrom = date.AddDays(1).ToString("yyyy-MM-dd"); break;
                case "le": request.ReceivedTo = date.ToString("yyyy-MM-dd"); break;
                case "lt": request.ReceivedTo = date.AddDays(-1).ToString("yyyy-MM-dd"); break;
                default:
                    request.ReceivedFrom = date.ToString("yyyy-MM-dd");
                    request.ReceivedTo = date.ToString("yyyy-MM-dd");
                    break;
            }
        }

        if (query["identifier"].ToString() is { Length: > 0 } identifier)
        {
            request.RequesterIdentifier = identifier;
        }

        return (request, null);
    }
}

/// <summary>A FHIR date search value at day precision: an optional prefix and YYYY-MM-DD.</summary>
internal static class DateBound
{
    public static bool TryParse(string value, out string prefix, out DateOnly date)
    {
        prefix = value.Length > 2 && char.IsLetter(value[0]) ? value[..2] : "eq";
        var text = value.Length > 2 && char.IsLetter(value[0]) ? value[2..] : value;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", out date) && prefix is "eq" or "ge" or "gt" or "le" or "lt";
    }
}
