using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.outcomes.v1.OutcomesAuditService: the audit trail, for administrators only.</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class OutcomesAuditGrpcService(AuditQuery<OutcomesDbContext> query) : C.OutcomesAuditService.OutcomesAuditServiceBase
{
    public override Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context) => query.ListAsync(request, context.CancellationToken);
}
