using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Contracts.Operations.V1;
using PeerPlatform.Messaging.DeadLetters;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce;

/// <summary>peer.workforce.v1.WorkforceDeadLetterService: this service's dead letters, for operators only.</summary>
[Authorize(Policy = PeerPolicies.Operator)]
internal sealed class WorkforceDeadLetterGrpcService(DeadLetterQueues queues) : C.WorkforceDeadLetterService.WorkforceDeadLetterServiceBase
{
    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        queues.ListAsync(request, context.CancellationToken);

    public override Task<RedriveDeadLettersResponse> RedriveDeadLetters(RedriveDeadLettersRequest request, ServerCallContext context) =>
        queues.RedriveAsync(request, context.CancellationToken);
}
