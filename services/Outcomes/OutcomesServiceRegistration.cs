using PeerPlatform.Messaging;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Referrals;
using PeerPlatform.Outcomes.Summary;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Outcomes;

internal static class OutcomesServiceRegistration
{
    /// <summary>Everything the Outcomes service needs besides its transport: database, consumers, features.</summary>
    public static IHostApplicationBuilder AddOutcomesService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<OutcomesDbContext>("outcomesdb");
        builder.AddPeerMessaging<OutcomesDbContext>("outcomes", bus =>
        {
            bus.AddConsumer<ReferralReceivedConsumer>();
        });
        builder.Services.AddScoped<GetSummaryHandler>();
        return builder;
    }
}
