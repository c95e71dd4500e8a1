using PeerPlatform.Fhir.Conformance;
using PeerPlatform.Fhir.Consents;
using PeerPlatform.Fhir.Encounters;
using PeerPlatform.Fhir.EpisodesOfCare;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Fhir.Organizations;
using PeerPlatform.Fhir.Patients;
using PeerPlatform.Fhir.Practitioners;
using PeerPlatform.Fhir.Questionnaires;
using PeerPlatform.Fhir.ServiceRequests;
using PeerPlatform.Fhir.Tasks;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using O = PeerPlatform.Contracts.Outcomes.V1;
using R = PeerPlatform.Contracts.Referral.V1;
using S = PeerPlatform.Contracts.Supervision.V1;
using W = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Fhir;

internal static class FhirFacadeRegistration
{
    /// <summary>
    /// gRPC clients for the services behind the resources, each passing the caller's token on: the
    /// service authorizes and audits the caller exactly as for its REST and gRPC APIs.
    /// </summary>
    public static WebApplicationBuilder AddFhirFacade(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FhirAddresses>();
        builder.Services.AddPeerGrpcClient<R.ReferralService.ReferralServiceClient>(Address(builder, "Referral", "referral")).ForwardCallerToken();
        builder.Services.AddPeerGrpcClient<O.OutcomesDataService.OutcomesDataServiceClient>(Address(builder, "Outcomes", "outcomes")).ForwardCallerToken();
        builder.Services.AddPeerGrpcClient<W.WorkforceService.WorkforceServiceClient>(Address(builder, "Workforce", "workforce")).ForwardCallerToken();
        builder.Services.AddPeerGrpcClient<S.PartnerOrganisationService.PartnerOrganisationServiceClient>(Address(builder, "Supervision", "supervision")).ForwardCallerToken();
        return builder;
    }

    public static WebApplication MapFhirFacade(this WebApplication app)
    {
        var fhir = app.MapGroup("/fhir").RequireAuthorization(PeerPolicies.Fhir)
            .AddEndpointFilter(async (context, next) => FhirJson.RefuseUnacceptable(context.HttpContext.Request) ?? await next(context));
        MetadataEndpoints.Map(fhir);
        ReadPatient.Map(fhir);
        SearchPatients.Map(fhir);
        CreateServiceRequest.Map(fhir);
        ReadServiceRequest.Map(fhir);
        SearchServiceRequests.Map(fhir);
        ReadTask.Map(fhir);
        SearchTasks.Map(fhir);
        ReadConsent.Map(fhir);
        CreateConsent.Map(fhir);
        ReadEpisodeOfCare.Map(fhir);
        ReadEncounter.Map(fhir);
        SearchEncounters.Map(fhir);
        RecordHospitalSpell.Map(fhir);
        ReadQuestionnaire.Map(fhir);
        CreateQuestionnaireResponse.Map(fhir);
        ReadPractitioner.Map(fhir);
        ReadOrganization.Map(fhir);
        return app;
    }

    private static string Address(WebApplicationBuilder builder, string section, string service) =>
        builder.Configuration[$"{section}:GrpcAddress"] ?? $"http://_grpc.{service}";
}
