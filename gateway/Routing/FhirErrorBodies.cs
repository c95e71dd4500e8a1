using System.Diagnostics;
using System.Text.Json.Nodes;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Gateway.Routing;

/// <summary>
/// The gateway's own refusals under /fhir (no token, wrong role, rate limit, a facade that is
/// down) as FHIR OperationOutcomes, as FHIR clients expect; elsewhere the platform's JSON body.
/// Runs inside <see cref="ErrorBodies"/>, which then leaves the body alone.
/// </summary>
public static class FhirErrorBodies
{
    public static IApplicationBuilder UseFhirErrorBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var response = context.Response;
        if (!context.Request.Path.StartsWithSegments("/fhir") || response.StatusCode < 400 || response.HasStarted
            || response.ContentLength > 0 || response.ContentType is not null)
        {
            return;
        }

        response.ContentType = "application/fhir+json";
        await response.WriteAsync(Outcome(response.StatusCode, Activity.Current?.TraceId.ToString() ?? ""), context.RequestAborted);
    });

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
