using System.Globalization;
using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Questionnaires;

/// <summary>
/// POST /QuestionnaireResponse: a completed measure, scored as any other
/// (OutcomesDataService.SubmitQuestionnaireResponse). Items are linked by number ("1".."n") with
/// integer answers; the occasion (baseline or follow-up) travels in an extension, and the answer
/// carries the score in two more. An identifier makes a resend return the stored response.
/// </summary>
internal static class CreateQuestionnaireResponse
{
    private static readonly FieldMap Fields = new(
        "QuestionnaireResponse", ("instrument_id", "QuestionnaireResponse.questionnaire"), ("subject_id", "QuestionnaireResponse.subject"),
        ("about", "QuestionnaireResponse.extension"), ("occasion", "QuestionnaireResponse.extension"), ("completed_on", "QuestionnaireResponse.authored"),
        ("answers", "QuestionnaireResponse.item"), ("external_response_id", "QuestionnaireResponse.identifier"));

    public static void Map(IEndpointRouteBuilder fhir) => fhir.MapPost("/QuestionnaireResponse", async (HttpContext context, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses) =>
    {
        var (resource, refusal) = await FhirJson.ReadAsync<QuestionnaireResponse>(context.Request);
        if (resource is null)
        {
            return refusal!;
        }

        var (request, problem) = ToSubmit(resource);
        if (request is null)
        {
            return problem!;
        }

        try
        {
            var scored = await outcomes.SubmitQuestionnaireResponseAsync(request, IdempotencyKey.From(context), cancellationToken: context.RequestAborted);
            resource.Id = scored.ResponseId;
            resource.SetExtension(FhirSystems.Score, new FhirDecimal((decimal)scored.Score));
            resource.SetExtension(FhirSystems.RawScore, new FhirDecimal((decimal)scored.RawScore));
            return FhirJson.Write(resource, StatusCodes.Status201Created);
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, Fields, missingReference: "QuestionnaireResponse.subject");
        }
    });

    internal static (O.SubmitQuestionnaireResponseRequest? Request, IResult? Refusal) ToSubmit(QuestionnaireResponse response)
    {
        if (response.Status is not (QuestionnaireResponse.QuestionnaireResponseStatus.Completed or QuestionnaireResponse.QuestionnaireResponseStatus.Amended))
        {
            return (null, FhirErrors.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule,
                "Only a completed response is scored: status must be 'completed'.", "QuestionnaireResponse.status"));
        }

        var instrumentId = response.Questionnaire?.Split('|')[0].Split('/')[^1];
        if (string.IsNullOrEmpty(instrumentId))
        {
            return (null, FhirErrors.Required("QuestionnaireResponse.questionnaire", $"questionnaire is required: {FhirSystems.Questionnaire("{id}")}."));
        }

        var subjectId = References.IdOf(response.Subject, "Patient") ?? References.IdOf(response.Subject, "Practitioner");
        if (subjectId is null)
        {
            return (null, FhirErrors.Required("QuestionnaireResponse.subject", "subject is required: Patient/{id}, or Practitioner/{id} for a worker's measure."));
        }

        if (response.Authored is not { Length: >= 10 } authored)
        {
            return (null, FhirErrors.Required("QuestionnaireResponse.authored", "authored (when it was completed) is required."));
        }

        var occasion = response.GetExtensionValue<Code>(FhirSystems.Occasion)?.Value switch
        {
            "baseline" => O.Occasion.Baseline,
            "follow-up" => O.Occasion.FollowUp,
            _ => O.Occasion.Unspecified,
        };
        if (occasion == O.Occasion.Unspecified)
        {
            return (null, FhirErrors.Required("QuestionnaireResponse.extension", $"The occasion is required: extension {FhirSystems.Occasion}, valueCode 'baseline' or 'follow-up'."));
        }

        var request = new O.SubmitQuestionnaireResponseRequest
        {
            InstrumentId = instrumentId,
            SubjectId = subjectId,
            About = response.GetExtensionValue<Code>(FhirSystems.About)?.Value ?? "",
            Occasion = occasion,
            CompletedOn = authored[..10],
            ExternalResponseId = response.Identifier?.Value ?? "",
        };
        for (var i = 0; i < response.Item.Count; i++)
        {
            var item = response.Item[i];
            if (!int.TryParse(item.LinkId, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return (null, FhirErrors.BadValue($"QuestionnaireResponse.item[{i}].linkId", "Items are linked by their number, \"1\" to \"n\"."));
            }

            if (item.Answer.FirstOrDefault()?.Value is not Integer { Value: { } value })
            {
                return (null, FhirErrors.Required($"QuestionnaireResponse.item[{i}].answer", "Each item needs one valueInteger answer."));
            }

            request.Answers.Add(new O.ItemAnswer { Item = number, Value = value });
        }

        return (request, null);
    }
}
