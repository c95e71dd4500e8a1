using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.outcomes.v1.OutcomesService: aggregate reports, for trust systems, operators and administrators.</summary>
[Authorize(Policy = PeerPolicies.Reports)]
internal sealed class OutcomesGrpcService(IServiceProvider services) : C.OutcomesService.OutcomesServiceBase
{
    public override Task<C.OutcomesSummary> GetSummary(C.GetSummaryRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSummaryHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ProgrammeReport> GetProgrammeReport(C.GetProgrammeReportRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetProgrammeReportHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<HttpBody> ExportProgrammeReport(C.GetProgrammeReportRequest request, ServerCallContext context) =>
        services.GetRequiredService<ExportProgrammeReportHandler>().HandleAsync(request, context.CancellationToken);
}
