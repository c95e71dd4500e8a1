using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Supervision.Agreements;
using PeerPlatform.Supervision.Concerns;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Figures;
using PeerPlatform.Supervision.Organisations;
using PeerPlatform.Supervision.Sessions;
using PeerPlatform.Supervision.Supervisors;
using PeerPlatform.Supervision.Workers;

namespace PeerPlatform.Supervision;

internal static class SupervisionServiceRegistration
{
    /// <summary>Everything the Supervision service needs besides its transport: database, messaging, audit, features.</summary>
    public static IHostApplicationBuilder AddSupervisionService(this IHostApplicationBuilder builder)
    {
        builder.AddPeerDatabase<SupervisionDbContext>("supervisiondb");
        builder.AddPeerMessaging<SupervisionDbContext>("supervision", bus =>
        {
            bus.AddConsumer<PeerWorkerHiredConsumer>();
            bus.AddConsumer<PeerWorkerLeftConsumer>();
        });
        builder.AddPeerAuditTrail<SupervisionDbContext>();
        builder.AddPeerIdempotency<SupervisionDbContext>();
        builder.Services.AddOptions<SupervisionOptions>()
            .BindConfiguration(SupervisionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<PartnerScope>();

        builder.Services.AddScoped<OrganisationLookup>();
        builder.Services.AddScoped<RegisterPartnerOrganisationHandler>();
        builder.Services.AddScoped<GetPartnerOrganisationHandler>();
        builder.Services.AddScoped<ListPartnerOrganisationsHandler>();
        builder.Services.AddScoped<DeactivatePartnerOrganisationHandler>();

        builder.Services.AddScoped<SupervisorLookup>();
        builder.Services.AddScoped<AddSupervisorHandler>();
        builder.Services.AddScoped<GetSupervisorHandler>();
        builder.Services.AddScoped<ListSupervisorsHandler>();
        builder.Services.AddScoped<RecordSupervisorTrainingHandler>();
        builder.Services.AddScoped<DeactivateSupervisorHandler>();

        builder.Services.AddScoped<ListSupervisedWorkersHandler>();

        builder.Services.AddScoped<CreateAgreementHandler>();
        builder.Services.AddScoped<GetAgreementHandler>();
        builder.Services.AddScoped<ListAgreementsHandler>();
        builder.Services.AddScoped<EndAgreementHandler>();

        builder.Services.AddScoped<SessionUpdate>();
        builder.Services.AddScoped<ScheduleSessionHandler>();
        builder.Services.AddScoped<GetSessionHandler>();
        builder.Services.AddScoped<ListSessionsHandler>();
        builder.Services.AddScoped<RecordSessionHeldHandler>();
        builder.Services.AddScoped<CancelSessionHandler>();
        builder.Services.AddScoped<RecordSessionMissedHandler>();
        builder.Services.AddScoped<CompleteSessionActionHandler>();

        builder.Services.AddScoped<RaiseConcernHandler>();
        builder.Services.AddScoped<GetConcernHandler>();
        builder.Services.AddScoped<ListConcernsHandler>();
        builder.Services.AddScoped<AcknowledgeConcernHandler>();

        builder.Services.AddScoped<GetWorkerComplianceHandler>();
        builder.Services.AddScoped<ListOverdueWorkersHandler>();
        builder.Services.AddScoped<GetComplianceRatesHandler>();
        builder.Services.AddSingleton<OverdueMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OverdueMonitor>());
        builder.Services.AddOverdueGauge();
        return builder;
    }
}
