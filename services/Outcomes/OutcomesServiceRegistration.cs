using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Questionnaires;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Records;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;

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
            bus.AddConsumer<ClientsMergedConsumer>();
            bus.AddConsumer<ClientMergeUndoneConsumer>();
            bus.AddConsumer<ClientRecordsErasedConsumer>();
        });
        builder.Services.AddScoped<IInboxGroupPreparer<OutcomesDbContext>, ReferralRows>();
        builder.AddPeerAuditTrail<OutcomesDbContext>();
        builder.AddPeerIdempotency<OutcomesDbContext>();
        builder.Services.AddOptions<OutcomesOptions>()
            .BindConfiguration(OutcomesOptions.Section)
            .Validate(o => o.MirrorWindowMonths is >= 1 and <= 60, "Outcomes:MirrorWindowMonths must be between 1 and 60.")
            .Validate(o => o.SuppressionThreshold is >= 1 and <= 100, "Outcomes:SuppressionThreshold must be between 1 and 100.")
            .Validate(o => o.BedDayCost.Amount >= 0 && o.BedDayCost.Currency.Length == 3, "Outcomes:BedDayCost needs a non-negative amount and a three-letter currency code.")
            .ValidateOnStart();
        builder.AddProgrammeTargets();
        builder.Services.AddScoped<GetSummaryHandler>();
        builder.Services.AddScoped<GetProgrammeReportHandler>();
        builder.Services.AddScoped<ExportProgrammeReportHandler>();
        builder.Services.AddScoped<ProgrammeFigures>();
        builder.Services.AddScoped<EngagementNightsLedger>();
        builder.Services.AddScoped<GetSupervisionReportHandler>();
        builder.Services.AddScoped<ExportSupervisionReportHandler>();
        builder.Services.AddScoped<RecordHospitalSpellHandler>();
        builder.Services.AddScoped<ListHospitalSpellsHandler>();
        builder.Services.AddScoped<GetHospitalSpellHandler>();
        builder.Services.AddSingleton<ListInstrumentsHandler>();
        builder.Services.AddScoped<SubmitQuestionnaireResponseHandler>();
        builder.Services.AddScoped<ExportClientDataHandler>();
        return builder;
    }
}
