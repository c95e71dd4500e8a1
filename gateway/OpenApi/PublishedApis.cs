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
}
