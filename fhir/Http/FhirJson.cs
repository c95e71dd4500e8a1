using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace PeerPlatform.Fhir.Http;

/// <summary>
/// FHIR JSON in and out with Firely's SDK. Requests are read strictly: an unknown element, a
/// wrong type or a resource of another type is refused with an OperationOutcome naming where.
/// </summary>
internal static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    // Strict parsing (the default settings); the instance is immutable and shared.
    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>
    /// Refuses a request for a format other than JSON (an Accept header or _format naming XML or
    /// anything else only): 406, as the RESTful API specifies. No preference means JSON.
    /// </summary>
    public static IResult? RefuseUnacceptable(HttpRequest request)
    {
        var format = request.Query["_format"].ToString();
        var accepts = request.Headers.Accept.ToString();
        bool Json(string type) => type is "" or "*/*" or "json" or "application/*" or MediaType or "application/json" || type.EndsWith("+json", StringComparison.Ordinal);
        var wanted = format.Length > 0 ? [format] : accepts.Split(',').Select(a => a.Split(';')[0].Trim()).ToArray();
        return wanted.Any(Json)
            ? null
            : FhirErrors.Outcome(StatusCodes.Status406NotAcceptable, OperationOutcome.IssueType.NotSupported, $"This server writes FHIR as {MediaType} only.");
    }

    public static IResult Write(Resource resource, int statusCode = StatusCodes.Status200OK, string? location = null) =>
        new FhirResourceResult(resource, statusCode, location);

    /// <summary>The request's resource of type <typeparamref name="T"/>, or the OperationOutcome refusing it.</summary>
    public static async Task<(T? Resource, IResult? Refusal)> ReadAsync<T>(HttpRequest request)
        where T : Resource
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not (MediaType or "application/json"))
        {
            return (null, FhirErrors.Outcome(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Send the resource as {MediaType}."));
        }

        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }

        Resource parsed;
        try
        {
            parsed = Deserializer.DeserializeResource(body);
        }
        catch (DeserializationFailedException failed)
        {
            // Firely names the root "$this"; callers know it by its type.
            string Named(string? text) => (text ?? "").Replace("$this", typeof(T).Name, StringComparison.Ordinal);
            var issues = failed.Exceptions.Select(e => e is ExtendedCodedException coded
                ? (Named(coded.BaseErrorMessage), (string?)Named(coded.InstancePath))
                : (Named(e.Message), null));
            return (null, FhirErrors.Invalid(issues));
        }
        catch (System.Text.Json.JsonException json)
        {
            return (null, FhirErrors.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                $"The body is not valid JSON (line {json.LineNumber + 1})."));
        }

        if (parsed is not T resource)
        {
            return (null, FhirErrors.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                $"Expected a {typeof(T).Name} resource, not {parsed.TypeName}.", "resourceType"));
        }

        return (resource, null);
    }

    private sealed class FhirResourceResult(Resource resource, int statusCode, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = MediaType + "; charset=utf-8";
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            await response.WriteAsync(FhirJsonSerializer.Default.SerializeToString(resource), httpContext.RequestAborted);
        }
    }
}
