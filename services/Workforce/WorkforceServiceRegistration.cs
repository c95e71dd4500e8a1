using PeerPlatform.ServiceDefaults.Idempotency;
using PeerPlatform.Messaging;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using PeerPlatform.Workforce.Recruitment;
using PeerPlatform.Workforce.Teams;
using PeerPlatform.Workforce.Training;
using PeerPlatform.Workforce.Workers;

namespace PeerPlatform.Workforce;

internal static class WorkforceServiceRegistration
{
    /// <summary>Everything the Workforce service needs besides its transport: database, messaging, audit, features.</summary>
    public static IHostApplicationBuilder AddWorkforceService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<WorkforceDbContext>("workforcedb");
        builder.AddPeerMessaging<WorkforceDbContext>("workforce", bus =>
        {
            bus.AddConsumer<EngagementEndedConsumer>();
            bus.AddConsumer<ReferralWithdrawnConsumer>();
        });
        builder.AddPeerAuditTrail<WorkforceDbContext>();
        builder.AddPeerIdempotency<WorkforceDbContext>();
        // Workforce:ClientsPerContractedHour sets caseload capacity (0.25: 37.5 hours → 9 clients).
        builder.Services.AddSingleton(new CaseloadPolicy(builder.Configuration.GetValue("Workforce:ClientsPerContractedHour", CaseloadPolicy.Default.ClientsPerContractedHour)));
        builder.Services.AddScoped<TeamHandlers>();
        builder.Services.AddScoped<RecruitmentHandlers>();
        builder.Services.AddScoped<TrainingHandlers>();
        builder.Services.AddScoped<WorkerHandlers>();
        builder.Services.AddScoped<CaseloadHandlers>();
        return builder;
    }
}
