using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Referral.Data;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral;

/// <summary>peer.referral.v1.ReferralAuditService: the audit trail, for administrators only.</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class ReferralAuditGrpcService(AuditQuery<ReferralDbContext> query) : C.ReferralAuditService.ReferralAuditServiceBase
{
    public override Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context) =>
        query.ListAsync(request, context.CancellationToken);
}
