using PeerPlatform.Messaging;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Questionnaires;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Idempotency;

namespace PeerPlatform.Outcomes;

internal static class OutcomesServiceRegistration
{
    /// <summary>Everything the Outcomes service needs besides its transport: database, consumers, audit, features.</summary>
    public static IHostApplicationBuilder AddOutcomesService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<OutcomesDbContext>("outcomesdb");
        builder.AddPeerMessaging<OutcomesDbContext>("outcomes", bus =>
        {
            bus.AddConsumer<ReferralReceivedConsumer>();
            bus.AddConsumer<InformationGivenConsumer>();
            bus.AddConsumer<ConsentRecordedConsumer>();
            bus.AddConsumer<ReferralAcceptedConsumer>();
            bus.AddConsumer<ReferralDeclinedConsumer>();
            bus.AddConsumer<ReferralWithdrawnConsumer>();
            bus.AddConsumer<PeerWorkerAssignedConsumer>();
            bus.AddConsumer<EngagementStartedConsumer>();
            bus.AddConsumer<EngagementEndedConsumer>();
            bus.AddConsumer<PeerWorkerHiredConsumer>();
            bus.AddConsumer<PeerWorkerLeftConsumer>();
            bus.AddConsumer<SupervisionAgreementStartedConsumer>();
            bus.AddConsumer<SupervisionAgreementEndedConsumer>();
            bus.AddConsumer<SupervisionSessionHeldConsumer>();
        });
        builder.Services.AddScoped<IInboxGroupPreparer<OutcomesDbContext>, ReferralRows>();
        builder.AddPeerAuditTrail<OutcomesDbContext>();
        builder.AddPeerIdempotency<OutcomesDbContext>();
        builder.Services.Configure<OutcomesOptions>(builder.Configuration.GetSection("Outcomes"));
        builder.AddProgrammeTargets();
        builder.Services.AddScoped<GetSummaryHandler>();
        builder.Services.AddScoped<ProgrammeReportBuilder>();
        builder.Services.AddScoped<ProgrammeFigures>();
        builder.Services.AddScoped<EngagementNightsLedger>();
        builder.Services.AddScoped<SupervisionReportBuilder>();
        builder.Services.AddScoped<HospitalSpellHandlers>();
        builder.Services.AddScoped<QuestionnaireHandlers>();
        return builder;
    }
}
