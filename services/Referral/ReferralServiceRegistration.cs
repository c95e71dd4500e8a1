using PeerPlatform.Messaging;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Referral;

internal static class ReferralServiceRegistration
{
    /// <summary>Everything the Referral service needs besides its transport: database, messaging, features.</summary>
    public static IHostApplicationBuilder AddReferralService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<ReferralDbContext>("referraldb");
        builder.AddPeerMessaging<ReferralDbContext>("referral");
        builder.Services.AddScoped<CreateReferralHandler>();
        builder.Services.AddScoped<GetReferralHandler>();
        builder.Services.AddScoped<GetClientHandler>();
        builder.Services.AddScoped<ReferralJourneyHandlers>();
        builder.AddPeerAuditTrail<ReferralDbContext>();
        return builder;
    }
}
