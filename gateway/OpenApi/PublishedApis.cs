using PeerPlatform.Contracts.Integrations.V1;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Contracts.Supervision.V1;
using PeerPlatform.Contracts.Workforce.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace PeerPlatform.Gateway.OpenApi;

/// <summary>The gRPC services the gateway publishes, by proto package. A new service is added here and in the routes.</summary>
public static class PublishedApis
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        ReferralService.Descriptor,
        ReferralAuditService.Descriptor,
        ClientRecordsService.Descriptor,
        OutcomesService.Descriptor,
        SupervisionReportService.Descriptor,
        OutcomesDataService.Descriptor,
        WorkforceService.Descriptor,
        SupervisionService.Descriptor,
        PartnerOrganisationService.Descriptor,
        SupervisionAuditService.Descriptor,
        WorkforceAuditService.Descriptor,
        OutcomesAuditService.Descriptor,
        ReferralDeadLetterService.Descriptor,
        WorkforceDeadLetterService.Descriptor,
        SupervisionDeadLetterService.Descriptor,
        OutcomesDeadLetterService.Descriptor,
        WebhookService.Descriptor,
        EventFeedService.Descriptor,
    ];

    /// <summary>The OpenAPI document the gateway serves: every published service, described by the protos' comments.</summary>
    public static System.Text.Json.Nodes.JsonObject Document() =>
        ProtoOpenApiDocument.Build(Services, "PeerPlatform API", "v1", ProtoComments.FromEmbeddedProtos(typeof(PublishedApis).Assembly), IdempotentOperations);

    /// <summary>
    /// The operations ("Service.Method") that take an Idempotency-Key: the RPCs the services mark
    /// [Idempotent]. A unit test keeps this list equal to theirs.
    /// </summary>
    public static IReadOnlySet<string> IdempotentOperations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ReferralService.CreateReferral",
        "ReferralService.RecordContact",
        "WorkforceService.CreateTeam",
        "WorkforceService.OpenVacancy",
        "WorkforceService.AddApplicant",
        "WorkforceService.CreateTrainingModule",
        "SupervisionService.AddSupervisor",
        "SupervisionService.CreateAgreement",
        "SupervisionService.ScheduleSession",
        "SupervisionService.RaiseConcern",
        "OutcomesDataService.SubmitQuestionnaireResponse",
        "WebhookService.CreateSubscription",
    };
}
