using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Workforce.Caseload;
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
        builder.Services.AddOptions<WorkforceOptions>()
            .BindConfiguration(WorkforceOptions.Section)
            .Validate(o => o.ClientsPerContractedHour is > 0 and <= 1, "Workforce:ClientsPerContractedHour must be above 0 and at most 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new CaseloadPolicy(services.GetRequiredService<IOptions<WorkforceOptions>>().Value.ClientsPerContractedHour));

        builder.Services.AddScoped<CreateTeamHandler>();
        builder.Services.AddScoped<GetTeamHandler>();
        builder.Services.AddScoped<ListTeamsHandler>();
        builder.Services.AddScoped<RecordTeamTrainingHandler>();
        builder.Services.AddScoped<RecordRoleAgreementHandler>();

        builder.Services.AddScoped<ApplicantChange>();
        builder.Services.AddScoped<OpenVacancyHandler>();
        builder.Services.AddScoped<ListVacanciesHandler>();
        builder.Services.AddScoped<AddApplicantHandler>();
        builder.Services.AddScoped<ListApplicantsHandler>();
        builder.Services.AddScoped<GetApplicantHandler>();
        builder.Services.AddScoped<AdvanceApplicantHandler>();
        builder.Services.AddScoped<RejectApplicantHandler>();
        builder.Services.AddScoped<WithdrawApplicantHandler>();
        builder.Services.AddScoped<RecordCheckHandler>();
        builder.Services.AddScoped<HireApplicantHandler>();
        builder.Services.AddOptions<ApplicantRetentionOptions>().BindConfiguration("Records")
            .Validate(o => o.UnsuccessfulApplicantMonths > 0 && o.ApplicantReviewInterval > TimeSpan.Zero, "Records:UnsuccessfulApplicantMonths and ApplicantReviewInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(provider => new PeerPlatform.SharedKernel.RetentionClock(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<ApplicantRetentionOptions>>().Value.ClockOffsetFile));
        builder.Services.AddScoped<EraseUnsuccessfulApplicantsHandler>();
        builder.Services.AddHostedService<ApplicantRetentionSchedule>();

        builder.Services.AddScoped<CreateTrainingModuleHandler>();
        builder.Services.AddScoped<ListTrainingModulesHandler>();
        builder.Services.AddScoped<RetireTrainingModuleHandler>();
        builder.Services.AddScoped<RecordTrainingCompletionHandler>();

        builder.Services.AddScoped<GetWorkerHandler>();
        builder.Services.AddScoped<ListWorkersHandler>();
        builder.Services.AddScoped<ChangeWorkerStatusHandler>();
        builder.Services.AddScoped<RecordLeavingHandler>();

        builder.Services.AddScoped<FindAvailableWorkersHandler>();
        builder.Services.AddScoped<ReserveCaseloadSlotHandler>();
        builder.Services.AddScoped<ReleaseCaseloadSlotHandler>();
        return builder;
    }
}
