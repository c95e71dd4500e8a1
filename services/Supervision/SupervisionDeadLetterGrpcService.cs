using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Contracts.Operations.V1;
using PeerPlatform.Messaging.DeadLetters;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision;

/// <summary>peer.supervision.v1.SupervisionDeadLetterService: this service's dead letters, for operators only.</summary>
[Authorize(Policy = PeerPolicies.Operator)]
internal sealed class SupervisionDeadLetterGrpcService(DeadLetterQueues queues) : C.SupervisionDeadLetterService.SupervisionDeadLetterServiceBase
{
    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        queues.ListAsync(request, context.CancellationToken);

    public override Task<RedriveDeadLettersResponse> RedriveDeadLetters(RedriveDeadLettersRequest request, ServerCallContext context) =>
        queues.RedriveAsync(request, context.CancellationToken);
}
