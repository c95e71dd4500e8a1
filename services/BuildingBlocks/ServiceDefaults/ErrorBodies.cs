using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PeerPlatform.ServiceDefaults;

/// <summary>
/// One error shape for every answer: a refusal made before any service code ran (no token, a
/// role the route does not allow, an unknown route, a body too large, the rate limit, a service
/// that did not answer) gets the same JSON body the services give, google.rpc.Status in its JSON
/// mapping: <c>code</c> (the gRPC code), <c>message</c>, and <c>details</c> holding an ErrorInfo
/// (its <c>reason</c> the code's name, <c>metadata.http_status</c>) and a RequestInfo whose
/// <c>requestId</c> is the trace id to quote. Only empty error answers are filled in; native
/// gRPC calls keep their status in trailers.
/// </summary>
public static class ErrorBodies
{
    /// <param name="formats">
    /// Other shapes for paths under a prefix whose callers expect them (FHIR's OperationOutcome
    /// under /fhir): the body from the HTTP status and the trace id.
    /// </param>
    public static IApplicationBuilder UseErrorBodies(this IApplicationBuilder app, params (PathString Prefix, string ContentType, Func<int, string, string> Body)[] formats) => app.Use(async (context, next) =>
    {
        await next(context);
        var response = context.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentLength > 0 || response.ContentType is not null
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return;
        }

        var traceId = Activity.Current?.TraceId.ToString() ?? "";
        foreach (var (prefix, contentType, body) in formats)
        {
            if (context.Request.Path.StartsWithSegments(prefix))
            {
                response.ContentType = contentType;
                await response.WriteAsync(body(response.StatusCode, traceId), context.RequestAborted);
                return;
            }
        }

        var (code, name, message) = Describe(response.StatusCode);
        response.ContentType = "application/json";
        await response.WriteAsync(Json(code, name, message, response.StatusCode, traceId), context.RequestAborted);
    });

    /// <summary>The body for an HTTP status, as <see cref="UseErrorBodies"/> writes it.</summary>
    public static string Json(int code, string name, string message, int httpStatus, string traceId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            json.WriteString("message", message);
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            json.WriteString("reason", name);
            json.WriteString("domain", "peerplatform");
            json.WriteStartObject("metadata");
            json.WriteString("http_status", httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("@type", "type.googleapis.com/google.rpc.RequestInfo");
            json.WriteString("requestId", traceId);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The gRPC code (number and name) and a message for an HTTP status a refusal was made with.</summary>
    public static (int Code, string Name, string Message) Describe(int httpStatus) => httpStatus switch
    {
        400 => (3, "INVALID_ARGUMENT", "The request is not valid."),
        401 => (16, "UNAUTHENTICATED", "A valid access token is required: send 'Authorization: Bearer <token>' with a token from /connect/token."),
        403 => (7, "PERMISSION_DENIED", "The caller's role may not use this route."),
        404 => (5, "NOT_FOUND", "There is no such route."),
        405 => (12, "UNIMPLEMENTED", "The route does not accept this method."),
        413 => (3, "INVALID_ARGUMENT", "The request body is larger than the gateway accepts."),
        415 => (3, "INVALID_ARGUMENT", "The request body must be JSON (content-type: application/json)."),
        429 => (8, "RESOURCE_EXHAUSTED", "Too many requests from this client; retry after the seconds the Retry-After header gives."),
        502 or 503 => (14, "UNAVAILABLE", "The service behind this route did not answer; retry later."),
        504 => (4, "DEADLINE_EXCEEDED", "The service behind this route did not answer in time; retry later."),
        _ => (httpStatus >= 500 ? 13 : 2, httpStatus >= 500 ? "INTERNAL" : "UNKNOWN", "The request could not be served."),
    };
}
