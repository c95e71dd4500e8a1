using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Contracts.Operations.V1;
using PeerPlatform.Messaging.DeadLetters;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral;

/// <summary>peer.referral.v1.ReferralDeadLetterService: this service's dead letters, for operators only.</summary>
[Authorize(Policy = PeerPolicies.Operator)]
internal sealed class ReferralDeadLetterGrpcService(DeadLetterQueues queues) : C.ReferralDeadLetterService.ReferralDeadLetterServiceBase
{
    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        queues.ListAsync(request, context.CancellationToken);

    public override Task<RedriveDeadLettersResponse> RedriveDeadLetters(RedriveDeadLettersRequest request, ServerCallContext context) =>
        queues.RedriveAsync(request, context.CancellationToken);
}
