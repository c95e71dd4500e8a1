using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace PeerPlatform.Fhir.Http;

/// <summary>
/// The facade's public address, for Location headers, Bundle links and fullUrls: Fhir:PublicBaseUrl,
/// else the gateway's public address (Identity:Issuer, which every process has) with /fhir.
/// </summary>
internal sealed class FhirAddresses(IConfiguration configuration)
{
    public string BaseUrl(HttpContext context) =>
        (configuration["Fhir:PublicBaseUrl"] is { Length: > 0 } configured ? configured
            : configuration["Identity:Issuer"] is { Length: > 0 } issuer ? issuer.TrimEnd('/') + "/fhir"
            : $"{context.Request.Scheme}://{context.Request.Host}/fhir").TrimEnd('/');

    public string Of(HttpContext context, string resourceType, string id) => $"{BaseUrl(context)}/{resourceType}/{id}";

    /// <summary>A searchset Bundle of one page, with self and (when there is more) next links that keep the search's parameters.</summary>
    public Bundle SearchSet(HttpContext context, string resourceType, IEnumerable<Resource> matches, string? nextPageToken, int? total = null)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Timestamp = DateTimeOffset.UtcNow };
        foreach (var resource in matches)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = Of(context, resource.TypeName, resource.Id ?? ""),
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        var parameters = context.Request.Query
            .Where(q => q.Key != SearchPaging.PageToken)
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .ToList();
        var searchUrl = $"{BaseUrl(context)}/{resourceType}";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = QueryHelpers.AddQueryString(searchUrl, parameters) });
        if (!string.IsNullOrEmpty(nextPageToken))
        {
            parameters.Add(new(SearchPaging.PageToken, nextPageToken));
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = QueryHelpers.AddQueryString(searchUrl, parameters) });
        }

        return bundle;
    }
}

/// <summary>Paging parameters: FHIR's _count, and the opaque token a next link carries.</summary>
internal static class SearchPaging
{
    public const string PageToken = "_page_token";
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    /// <summary>_count as a page size, or the refusal of a bad one.</summary>
    public static (int Count, IResult? Refusal) Count(IQueryCollection query)
    {
        var text = query["_count"].ToString();
        if (text.Length == 0)
        {
            return (DefaultCount, null);
        }

        return int.TryParse(text, out var count) && count is >= 1 and <= MaxCount
            ? (count, null)
            : (0, FhirErrors.BadValue("_count", $"_count must be a whole number from 1 to {MaxCount}."));
    }
}

/// <summary>Local references ("Patient/{id}") as the facade writes and reads them.</summary>
internal static class References
{
    public static ResourceReference To(string resourceType, string id) => new($"{resourceType}/{id}");

    /// <summary>The id in a reference to <paramref name="resourceType"/> ("Patient/x", or an absolute URL ending so), else null.</summary>
    public static string? IdOf(ResourceReference? reference, string resourceType) => IdOf(reference?.Reference, resourceType);

    public static string? IdOf(string? reference, string resourceType)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var parts = reference.Split('/');
        return parts.Length >= 2 && parts[^2] == resourceType && parts[^1].Length > 0 ? parts[^1] : null;
    }

    /// <summary>The system and value of a "system|value" token, as FHIR's token search parameters write it.</summary>
    public static (string? System, string Value) Token(string token)
    {
        var bar = token.IndexOf('|');
        return bar < 0 ? (null, token) : (token[..bar], token[(bar + 1)..]);
    }
}
