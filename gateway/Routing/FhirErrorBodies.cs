using System.Text.Json.Nodes;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Gateway.Routing;

/// <summary>
/// The gateway's own refusals under /fhir (no token, wrong role, rate limit, a facade that is
/// down) as FHIR OperationOutcomes, as FHIR clients expect; <see cref="ErrorBodies"/> writes them
/// with this body instead of the platform's JSON one.
/// </summary>
public static class FhirErrorBodies
{
    public const string ContentType = "application/fhir+json";

    public static string Outcome(int httpStatus, string traceId)
    {
        var (_, _, message) = ErrorBodies.Describe(httpStatus);
        var code = httpStatus switch
        {
            401 => "login",
            403 => "forbidden",
            404 => "not-found",
            413 => "too-costly",
            429 => "throttled",
            >= 500 => "transient",
            _ => "processing",
        };
        return new JsonObject
        {
            ["resourceType"] = "OperationOutcome",
            ["issue"] = new JsonArray(new JsonObject
            {
                ["severity"] = "error",
                ["code"] = code,
                ["details"] = new JsonObject { ["text"] = "trace id " + traceId },
                ["diagnostics"] = message,
            }),
        }.ToJsonString();
    }
}
