using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Encounters;

/// <summary>
/// A hospital spell as an inpatient Encounter (class IMP), keyed by the provider's spell
/// identifier: POST /Encounter creates or updates it, and PUT /Encounter?identifier=system|value
/// is FHIR's conditional update of the same (OutcomesDataService.RecordHospitalSpell, the upsert).
/// </summary>
internal static class RecordHospitalSpell
{
    private static readonly FieldMap Fields = new(
        "Encounter", ("provider_spell_id", "Encounter.identifier"), ("client_id", "Encounter.subject"),
        ("admitted_on", "Encounter.period.start"), ("discharged_on", "Encounter.period.end"));

    public static void Map(IEndpointRouteBuilder fhir)
    {
        fhir.MapPost("/Encounter", (HttpContext context, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses) => HandleAsync(context, outcomes, addresses, null));
        fhir.MapPut("/Encounter", (HttpContext context, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses) =>
            context.Request.Query["identifier"].ToString() is { Length: > 0 } identifier
                ? HandleAsync(context, outcomes, addresses, identifier)
                : System.Threading.Tasks.Task.FromResult(FhirErrors.BadValue("identifier", "A conditional update names the spell: PUT /Encounter?identifier=system|value.")));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses, string? conditionalIdentifier)
    {
        var (resource, refusal) = await FhirJson.ReadAsync<Encounter>(context.Request);
        if (resource is null)
        {
            return refusal!;
        }

        var (request, problem) = ToRecordHospitalSpell(resource, conditionalIdentifier);
        if (request is null)
        {
            return problem!;
        }

        try
        {
            var spell = await outcomes.RecordHospitalSpellAsync(request, cancellationToken: context.RequestAborted);
            var answer = EncounterMapping.FromSpell(spell, resource.Identifier.First(i => i.Value is { Length: > 0 }).System);
            return conditionalIdentifier is null && !spell.Unchanged
                ? FhirJson.Write(answer, StatusCodes.Status201Created, addresses.Of(context, "Encounter", answer.Id!))
                : FhirJson.Write(answer);
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, Fields, missingReference: "Encounter.subject");
        }
    }

    internal static (O.RecordHospitalSpellRequest? Request, IResult? Refusal) ToRecordHospitalSpell(Encounter encounter, string? conditionalIdentifier)
    {
        if (encounter.Class?.Code != "IMP")
        {
            return (null, FhirErrors.Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule,
                "Only hospital spells are recorded here: class must be IMP (inpatient encounter).", "Encounter.class"));
        }

        if (encounter.Status is null)
        {
            return (null, FhirErrors.Required("Encounter.status", "status is required."));
        }

        var identifier = encounter.Identifier.FirstOrDefault(i => i.Value is { Length: > 0 });
        if (identifier is null)
        {
            return (null, FhirErrors.Required("Encounter.identifier", "The provider's spell identifier is required."));
        }

        if (conditionalIdentifier is not null)
        {
            var (system, value) = References.Token(conditionalIdentifier);
            if (value != identifier.Value || (system is { Length: > 0 } && system != identifier.System))
            {
                return (null, FhirErrors.BadValue("Encounter.identifier", "The identifier in the URL and the Encounter's differ."));
            }
        }

        if (References.IdOf(encounter.Subject, "Patient") is not { } clientId)
        {
            return (null, FhirErrors.Required("Encounter.subject", "subject is required: Patient/{id}."));
        }

        return (new O.RecordHospitalSpellRequest
        {
            ProviderSpellId = identifier.Value,
            ClientId = clientId,
            AdmittedOn = DatePart(encounter.Period?.Start),
            DischargedOn = DatePart(encounter.Period?.End),
        }, null);
    }

    // Spells count whole days: a dateTime's date.
    private static string DatePart(string? dateTime) => dateTime is { Length: >= 10 } ? dateTime[..10] : dateTime ?? "";
}
