using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using O = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Fhir.Questionnaires;

/// <summary>
/// GET /Questionnaire/{id} and GET /Questionnaire: the outcome measures' structure (items,
/// answer range, scoring), never their wording, which the measures' licences keep to licensed
/// copies (OutcomesDataService.ListInstruments).
/// </summary>
internal static class ReadQuestionnaire
{
    public static void Map(IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/Questionnaire/{id}", async (string id, O.OutcomesDataService.OutcomesDataServiceClient outcomes, CancellationToken cancellationToken) =>
        {
            try
            {
                var instruments = await outcomes.ListInstrumentsAsync(new O.ListInstrumentsRequest(), cancellationToken: cancellationToken);
                return instruments.Instruments.FirstOrDefault(i => i.InstrumentId == id) is { } instrument
                    ? FhirJson.Write(ToFhir(instrument))
                    : FhirErrors.NotFound("Questionnaire", id);
            }
            catch (RpcException exception)
            {
                return FhirErrors.FromRpc(exception, FieldMap.None);
            }
        });
        fhir.MapGet("/Questionnaire", async (HttpContext context, O.OutcomesDataService.OutcomesDataServiceClient outcomes, FhirAddresses addresses) =>
        {
            try
            {
                var instruments = await outcomes.ListInstrumentsAsync(new O.ListInstrumentsRequest(), cancellationToken: context.RequestAborted);
                var url = context.Request.Query["url"].ToString();
                var matches = instruments.Instruments.Select(ToFhir).Where(q => url.Length == 0 || q.Url == url).ToList();
                return FhirJson.Write(addresses.SearchSet(context, "Questionnaire", matches, null, matches.Count));
            }
            catch (RpcException exception)
            {
                return FhirErrors.FromRpc(exception, FieldMap.None);
            }
        });
    }

    internal static Questionnaire ToFhir(O.Instrument instrument)
    {
        var questionnaire = new Questionnaire
        {
            Id = instrument.InstrumentId,
            Url = FhirSystems.Questionnaire(instrument.InstrumentId),
            Version = instrument.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name = string.Concat(instrument.InstrumentId.Split('-', '_').Select(p => p.Length > 0 ? char.ToUpperInvariant(p[0]) + p[1..] : p)),
            Title = instrument.Name,
            Status = PublicationStatus.Active,
            SubjectType = [instrument.RespondentType == O.RespondentType.Client ? ResourceType.Patient : ResourceType.Practitioner],
            Copyright = instrument.LicenceNote.Length > 0 ? instrument.LicenceNote : null,
            Description = $"Structure only: {instrument.Items} items answered {instrument.ScaleMin}–{instrument.ScaleMax}, scored by {instrument.ScoringRule.ToString().ToLowerInvariant()}"
                + (instrument.ReversedItems.Count > 0 ? $"; items {string.Join(", ", instrument.ReversedItems)} reversed." : "."),
        };
        for (var item = 1; item <= instrument.Items; item++)
        {
            questionnaire.Item.Add(new Questionnaire.ItemComponent
            {
                LinkId = item.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Prefix = item.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Type = Questionnaire.QuestionnaireItemType.Integer,
                Required = true,
                Extension =
                {
                    new Extension(FhirSystems.MinValue, new Integer(instrument.ScaleMin)),
                    new Extension(FhirSystems.MaxValue, new Integer(instrument.ScaleMax)),
                },
            });
        }

        return questionnaire;
    }
}
