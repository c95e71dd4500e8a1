using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Hl7.Fhir.Model;

namespace PeerPlatform.Fhir.Http;

/// <summary>
/// Errors as FHIR OperationOutcomes with the status FHIR's RESTful API gives them: 400 for a
/// resource that cannot be read, 422 for one that breaks a rule, 404, 405 or 409 as the
/// specification says. A service's refusal keeps its message and names the FHIR element that
/// caused it (<see cref="FieldMap"/>); the trace id lets an operator find the request.
/// </summary>
internal static class FhirErrors
{
    public static IResult Outcome(int statusCode, OperationOutcome.IssueType code, string diagnostics, params string[] expressions) =>
        FhirJson.Write(Build([(code, diagnostics, expressions)]), statusCode);

    public static IResult Invalid(IEnumerable<(string Message, string? Expression)> issues) =>
        FhirJson.Write(
            Build(issues.Select(i => (OperationOutcome.IssueType.Invalid, i.Message, i.Expression is null ? Array.Empty<string>() : [i.Expression]))),
            StatusCodes.Status400BadRequest);

    public static IResult Required(string expression, string diagnostics) =>
        Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, diagnostics, expression);

    public static IResult BadValue(string expression, string diagnostics) =>
        Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Value, diagnostics, expression);

    public static IResult NotFound(string resourceType, string id) =>
        Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{resourceType}/{id} is not known.");

    /// <summary>
    /// A service's refusal. <paramref name="fields"/> turns the service's field paths into FHIR
    /// expressions; on a write, NOT_FOUND means a referenced record is missing (422, naming
    /// <paramref name="missingReference"/>), on a read that the resource is (404).
    /// </summary>
    public static IResult FromRpc(RpcException exception, FieldMap fields, string? missingReference = null)
    {
        var status = exception.GetRpcStatus();
        var message = status?.Message is { Length: > 0 } m ? m : exception.Status.Detail;
        switch (exception.StatusCode)
        {
            case StatusCode.InvalidArgument:
                var violations = status?.GetDetail<BadRequest>()?.FieldViolations;
                return violations is { Count: > 0 }
                    ? Invalid(violations.Select(v => (v.Description, (string?)fields.Expression(v.Field))))
                    : Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, message);
            case StatusCode.NotFound when missingReference is not null:
                return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.NotFound, message, missingReference);
            case StatusCode.NotFound:
                return Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, message);
            case StatusCode.AlreadyExists:
                return Outcome(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Duplicate, message);
            case StatusCode.FailedPrecondition:
                return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule, message);
            case StatusCode.Aborted:
                return Outcome(StatusCodes.Status409Conflict, OperationOutcome.IssueType.Conflict, message);
            case StatusCode.PermissionDenied:
                return Outcome(StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, message);
            case StatusCode.Unauthenticated:
                return Outcome(StatusCodes.Status401Unauthorized, OperationOutcome.IssueType.Login, message);
            case StatusCode.ResourceExhausted:
                return Outcome(StatusCodes.Status429TooManyRequests, OperationOutcome.IssueType.Throttled, message);
            case StatusCode.Unimplemented:
                return Outcome(StatusCodes.Status501NotImplemented, OperationOutcome.IssueType.NotSupported, message);
            case StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled:
                return Outcome(StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient, "The service is unavailable; retry shortly.");
            default:
                // The service failed; its message may say why, never a stack trace (services send none).
                return Outcome(StatusCodes.Status502BadGateway, OperationOutcome.IssueType.Exception, "The service behind this resource failed; retry, or report the trace id.");
        }
    }

    private static OperationOutcome Build(IEnumerable<(OperationOutcome.IssueType Code, string Diagnostics, string[] Expressions)> issues)
    {
        var outcome = new OperationOutcome();
        foreach (var (code, diagnostics, expressions) in issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = code,
                Diagnostics = diagnostics,
                Expression = expressions.Where(e => e.Length > 0).ToList(),
            });
        }

        if (Activity.Current?.TraceId.ToString() is { } traceId)
        {
            outcome.Issue[0].Details = new CodeableConcept { Text = "trace id " + traceId };
        }

        return outcome;
    }
}

/// <summary>Where a service's request field comes from in a FHIR resource: exact paths first, then the longest prefix.</summary>
internal sealed class FieldMap(string resourceType, params (string Field, string Expression)[] paths)
{
    public static readonly FieldMap None = new("");

    public string Expression(string field)
    {
        foreach (var (path, expression) in paths.OrderByDescending(p => p.Field.Length))
        {
            if (field == path || field.StartsWith(path + ".", StringComparison.Ordinal) || field.StartsWith(path + "[", StringComparison.Ordinal))
            {
                return expression;
            }
        }

        return resourceType;
    }
}
