using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Security;
using PeerPlatform.Supervision.Data;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision;

/// <summary>peer.supervision.v1.SupervisionAuditService: the audit trail, for administrators only.</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class SupervisionAuditGrpcService(AuditQuery<SupervisionDbContext> query) : C.SupervisionAuditService.SupervisionAuditServiceBase
{
    public override Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context) => query.ListAsync(request, context.CancellationToken);
}
