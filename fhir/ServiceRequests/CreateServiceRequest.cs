using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Fhir.Patients;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Fhir.ServiceRequests;

/// <summary>
/// POST /ServiceRequest: a referral (ReferralService.CreateReferral). The subject is an existing
/// Patient ("Patient/{id}") or a new one contained in the request ("#p"). With If-None-Exist:
/// identifier=system|value it is a conditional create: a resend finds the referral the first
/// send created and creates nothing (200 with it, where a creation answers 201).
/// </summary>
internal static class CreateServiceRequest
{
    private static readonly FieldMap Fields = new(
        "ServiceRequest",
        [.. PatientMapping.NewClientFields, ("client_id", "ServiceRequest.subject"), ("source", "ServiceRequest.category"),
            ("referrer", "ServiceRequest.requester"), ("reason", "ServiceRequest.reasonCode"), ("priority", "ServiceRequest.priority"),
            ("received_at", "ServiceRequest.authoredOn"), ("requester_identifier", "ServiceRequest.identifier"), ("Idempotency-Key", "Idempotency-Key")]);

    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapPost("/ServiceRequest", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, C.ReferralService.ReferralServiceClient referrals, FhirAddresses addresses)
    {
        var (resource, refusal) = await FhirJson.ReadAsync<ServiceRequest>(context.Request);
        if (resource is null)
        {
            return refusal!;
        }

        var (request, problem) = ToCreateReferral(resource, context.Request.Headers["If-None-Exist"].ToString());
        if (request is null)
        {
            return problem!;
        }

        var conditional = context.Request.Headers.ContainsKey("If-None-Exist");
        try
        {
            if (conditional && await FindSentAsync(referrals, request.RequesterIdentifier, context.RequestAborted) is { } sent)
            {
                return FhirJson.Write(ServiceRequestMapping.ToFhir(sent), StatusCodes.Status200OK);
            }

            var created = await referrals.CreateReferralAsync(request, IdempotencyKey.From(context), cancellationToken: context.RequestAborted);
            return FhirJson.Write(ServiceRequestMapping.ToFhir(created), StatusCodes.Status201Created, addresses.Of(context, "ServiceRequest", created.ReferralId));
        }
        catch (RpcException exception)
        {
            // Two sends at once: the other one created it.
            if (conditional && exception.StatusCode == StatusCode.AlreadyExists
                && await FindSentAsync(referrals, request.RequesterIdentifier, context.RequestAborted) is { } raced)
            {
                return FhirJson.Write(ServiceRequestMapping.ToFhir(raced), StatusCodes.Status200OK);
            }

            return FhirErrors.FromRpc(exception, Fields, missingReference: "ServiceRequest.subject");
        }
    }

    private static async Task<C.Referral?> FindSentAsync(C.ReferralService.ReferralServiceClient referrals, string identifier, CancellationToken cancellationToken)
    {
        var found = await referrals.ListReferralsAsync(new C.ListReferralsRequest { RequesterIdentifier = identifier, PageSize = 1 }, cancellationToken: cancellationToken);
        return found.Referrals.FirstOrDefault();
    }

    /// <summary>The native request for a ServiceRequest, or the OperationOutcome naming what is missing.</summary>
    internal static (C.CreateReferralRequest? Request, IResult? Refusal) ToCreateReferral(ServiceRequest resource, string ifNoneExist)
    {
        if (resource.Status != RequestStatus.Active)
        {
            return (null, resource.Status is null
                ? FhirErrors.Required("ServiceRequest.status", "status is required; a referral is sent as 'active'.")
                : FhirErrors.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule, "Only an 'active' ServiceRequest is a referral.", "ServiceRequest.status"));
        }

        if (resource.Intent is not (RequestIntent.Order or RequestIntent.OriginalOrder))
        {
            return (null, FhirErrors.Required("ServiceRequest.intent", "intent is required and must be 'order' or 'original-order'."));
        }

        var request = new C.CreateReferralRequest();
        var subject = resource.Subject?.Reference;
        if (subject is { Length: > 1 } && subject[0] == '#')
        {
            if (resource.Contained.FirstOrDefault(c => c.Id == subject[1..]) is not Patient contained)
            {
                return (null, FhirErrors.BadValue("ServiceRequest.subject", $"'{subject}' names no contained Patient."));
            }

            var (client, problem) = PatientMapping.ToNewClient(contained);
            if (client is null)
            {
                return (null, problem);
            }

            request.Client = client;
        }
        else if (References.IdOf(resource.Subject, "Patient") is { } clientId)
        {
            request.ClientId = clientId;
        }
        else
        {
            return (null, FhirErrors.Required("ServiceRequest.subject", "subject is required: 'Patient/{id}' for a known patient, or '#id' of a contained Patient for a new one."));
        }

        var selfReferral = resource.Requester?.Reference is { } requester && requester == subject;
        var sourceCode = resource.Category.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == FhirSystems.ReferralSource)?.Code;
        if (sourceCode is not null && ServiceRequestMapping.SourceFrom(sourceCode) is null)
        {
            return (null, FhirErrors.BadValue("ServiceRequest.category", $"'{sourceCode}' is not a code of {FhirSystems.ReferralSource}."));
        }

        request.Source = ServiceRequestMapping.SourceFrom(sourceCode) ?? (selfReferral ? C.ReferralSource.Self : C.ReferralSource.ClinicalTeam);
        if (!selfReferral && resource.Requester?.Display is { Length: > 0 } referrer)
        {
            request.Referrer = new C.Referrer { Name = referrer };
        }

        request.Reason = resource.ReasonCode.Select(r => r.Text ?? r.Coding.FirstOrDefault()?.Display).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
            ?? resource.Note.FirstOrDefault()?.Text ?? "";
        request.Priority = resource.Priority switch
        {
            RequestPriority.Urgent or RequestPriority.Asap or RequestPriority.Stat => C.ReferralPriority.Urgent,
            _ => C.ReferralPriority.Routine,
        };
        if (resource.AuthoredOnElement?.ToDateTimeOffset(TimeSpan.Zero) is { } authored)
        {
            request.ReceivedAt = Timestamp.FromDateTimeOffset(authored);
        }

        // The requester's identifier: If-None-Exist's, which must then be one of the resource's.
        var identifiers = resource.Identifier.Where(i => i.System is { Length: > 0 } && i.Value is { Length: > 0 }).Select(i => $"{i.System}|{i.Value}").ToList();
        if (ifNoneExist.Length > 0)
        {
            if (!ifNoneExist.StartsWith("identifier=", StringComparison.Ordinal) || ifNoneExist.Contains('&'))
            {
                return (null, FhirErrors.BadValue("If-None-Exist", "A conditional create matches on one identifier: If-None-Exist: identifier=system|value."));
            }

            var wanted = Uri.UnescapeDataString(ifNoneExist["identifier=".Length..]);
            if (!identifiers.Contains(wanted))
            {
                return (null, FhirErrors.BadValue("ServiceRequest.identifier", "If-None-Exist names an identifier the ServiceRequest does not carry."));
            }

            request.RequesterIdentifier = wanted;
        }
        else if (identifiers.Count > 0)
        {
            request.RequesterIdentifier = identifiers[0];
        }

        return (request, null);
    }
}
