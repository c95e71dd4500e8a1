using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;

namespace PeerPlatform.Fhir.Conformance;

/// <summary>GET /metadata (public, as FHIR clients read it before they have a token) and the answers for everything not supported.</summary>
internal static class MetadataEndpoints
{
    public static void Map(IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/metadata", (HttpContext context, FhirAddresses addresses) => FhirJson.Write(Capabilities.Statement(addresses.BaseUrl(context))))
            .AllowAnonymous();
        fhir.Map("/{type}/{**rest}", Unsupported);
        fhir.Map("/{type}", Unsupported);
    }

    private static IResult Unsupported(HttpContext context, string type, string? rest)
    {
        if (Capabilities.Find(type) is not { } resource)
        {
            return FhirErrors.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported,
                $"'{type}' is not a resource type this server supports; GET /fhir/metadata lists them.");
        }

        var instance = rest is { Length: > 0 } && !rest.StartsWith('_');
        var allowed = Capabilities.Methods(resource, instance).ToList();
        if (!instance && rest is { Length: > 0 } && !(rest == "_search" && resource.SearchParameters.Length > 0))
        {
            // _history, $operations and the like.
            return FhirErrors.Outcome(StatusCodes.Status501NotImplemented, OperationOutcome.IssueType.NotSupported, $"'{type}/{rest}' is not supported.");
        }

        if (instance && rest!.Contains('/'))
        {
            return FhirErrors.Outcome(StatusCodes.Status501NotImplemented, OperationOutcome.IssueType.NotSupported, $"'{type}/{rest}' is not supported (no history, versions or operations).");
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return FhirErrors.Outcome(StatusCodes.Status405MethodNotAllowed, OperationOutcome.IssueType.NotSupported,
            $"{context.Request.Method} is not supported on {type}{(instance ? "/{id}" : "")}" + (allowed.Count > 0 ? $"; allowed: {string.Join(", ", allowed)}." : "."));
    }
}
