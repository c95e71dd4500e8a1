using Grpc.Core;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

/// <summary>
/// peer.referral.v1.ReferralService: native gRPC and, through JSON transcoding, REST/JSON.
/// Requests arrive here already validated (see GrpcErrorInterceptor).
/// </summary>
internal sealed class ReferralGrpcService(IServiceProvider services) : ReferralService.ReferralServiceBase
{
    public override Task<Contracts.Referral.V1.Referral> CreateReferral(CreateReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateReferralHandler>().HandleAsync(request, Caller(context), context.CancellationToken);

    public override Task<Contracts.Referral.V1.Referral> GetReferral(GetReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetReferralHandler>().HandleAsync(request, context.CancellationToken);

    /// <summary>The authenticated caller; "anonymous" until the gateway forwards identities.</summary>
    private static string Caller(ServerCallContext context) =>
        context.GetHttpContext().User.Identity?.Name ?? "anonymous";
}
