using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Security;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce;

/// <summary>peer.workforce.v1.WorkforceAuditService: the audit trail, for administrators only.</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class WorkforceAuditGrpcService(AuditQuery<WorkforceDbContext> query) : C.WorkforceAuditService.WorkforceAuditServiceBase
{
    public override Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context) => query.ListAsync(request, context.CancellationToken);
}
