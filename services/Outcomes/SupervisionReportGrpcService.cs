using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.outcomes.v1.SupervisionReportService: supervision figures; partner organisations see their own.</summary>
[Authorize(Policy = PeerPolicies.FiguresWithPartners)]
internal sealed class SupervisionReportGrpcService(IServiceProvider services) : C.SupervisionReportService.SupervisionReportServiceBase
{
    public override Task<C.SupervisionReport> GetSupervisionReport(C.GetSupervisionReportRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSupervisionReportHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<HttpBody> ExportSupervisionReport(C.GetSupervisionReportRequest request, ServerCallContext context) =>
        services.GetRequiredService<ExportSupervisionReportHandler>().HandleAsync(request, context.CancellationToken);
}
