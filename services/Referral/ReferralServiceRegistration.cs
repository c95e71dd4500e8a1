using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Referral;

internal static class ReferralServiceRegistration
{
    /// <summary>Everything the Referral service needs besides its transport: database, messaging, features.</summary>
    public static IHostApplicationBuilder AddReferralService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<ReferralDbContext>("referraldb");
        builder.AddPeerMessaging<ReferralDbContext>("referral", bus => bus.AddConsumer<PeerWorkerLeftConsumer>());
        builder.Services.AddScoped<CreateReferralHandler>();
        builder.Services.AddScoped<GetReferralHandler>();
        builder.Services.AddScoped<GetClientHandler>();
        builder.Services.AddScoped<FindClientHandler>();
        builder.Services.AddScoped<ReferralStep>();
        builder.Services.AddScoped<RecordInformationGivenHandler>();
        builder.Services.AddScoped<RecordConsentHandler>();
        builder.Services.AddScoped<AcceptReferralHandler>();
        builder.Services.AddScoped<NotAcceptReferralHandler>();
        builder.Services.AddScoped<RecordContactHandler>();
        builder.Services.AddScoped<EndEngagementHandler>();
        builder.Services.AddScoped<WithdrawReferralHandler>();
        builder.Services.AddScoped<WithdrawConsentHandler>();
        builder.Services.AddScoped<MatchReferralHandler>();
        builder.Services.AddScoped<ListReferralsHandler>();
        builder.AddProgrammeTargets();
        // Workforce over gRPC (its HTTP/2 endpoint by service discovery), as the calling client.
        builder.Services.AddPeerGrpcClient<WorkforceService.WorkforceServiceClient>(
                builder.Configuration["Workforce:GrpcAddress"] ?? "http://_grpc.workforce")
            .ForwardCallerToken();
        builder.AddPeerAuditTrail<ReferralDbContext>();
        builder.AddPeerIdempotency<ReferralDbContext>();
        builder.Services.AddReferralGauges();
        return builder;
    }
}
