using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Records.V1;
using PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Records;
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
        builder.Services.AddScoped<CorrectClientDetailsHandler>();
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
        builder.Services.AddScoped<GetContactHandler>();
        builder.Services.AddScoped<ListContactsHandler>();
        builder.AddProgrammeTargets();
        // Workforce over gRPC (its HTTP/2 endpoint by service discovery), as the calling client.
        builder.Services.AddPeerGrpcClient<WorkforceService.WorkforceServiceClient>(
                builder.Configuration["Workforce:GrpcAddress"] ?? "http://_grpc.workforce")
            .ForwardCallerToken();
        builder.AddRecordsManagement();
        builder.AddPeerAuditTrail<ReferralDbContext>();
        builder.AddPeerIdempotency<ReferralDbContext>();
        builder.Services.AddReferralGauges();
        return builder;
    }

    /// <summary>Records management (docs/records.md): corrections history, merges, exports, holds, erasure and retention.</summary>
    private static void AddRecordsManagement(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecordsOptions>().BindConfiguration("Records")
            .Validate(o => o.CareRecordYears > 0 && o.NotStartedReferralYears > 0 && o.ExportRetentionDays > 0, "Records: retention periods must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ListClientChangesHandler>();
        builder.Services.AddScoped<MergeClientsHandler>();
        builder.Services.AddScoped<UndoClientMergeHandler>();
        builder.Services.AddScoped<PlaceLegalHoldHandler>();
        builder.Services.AddScoped<ReleaseLegalHoldHandler>();
        builder.Services.AddScoped<RecordErasureRequestHandler>();
        builder.Services.AddScoped<ListErasureRequestsHandler>();
        builder.Services.AddScoped<ClientEraser>();
        builder.Services.AddScoped<RunRetentionHandler>();
        builder.Services.AddSingleton(provider => new RetentionClock(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecordsOptions>>().Value.ClockOffsetFile));
        builder.Services.AddHostedService<RetentionSchedule>();
        builder.Services.AddScoped<StartSubjectAccessExportHandler>();
        builder.Services.AddScoped<GetSubjectAccessExportHandler>();
        builder.Services.AddScoped<DownloadSubjectAccessExportHandler>();
        builder.Services.AddScoped<ReferralClientData>();
        builder.Services.AddSingleton<ExportSignal>();
        builder.Services.AddHostedService<SubjectAccessExportWorker>();
        // Outcomes over gRPC as the export job's own client (role admin): the job outlives the
        // admin's request, so it cannot forward their token.
        builder.Services.AddPeerGrpcClient<ClientDataSource.ClientDataSourceClient>(
                builder.Configuration["Outcomes:GrpcAddress"] ?? "http://_grpc.outcomes")
            .WithServiceCredentials(provider =>
            {
                var records = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecordsOptions>>().Value;
                return new ServiceClient(records.ExportClientId, records.ExportClientSecret, builder.Configuration["Identity:TokenEndpoint"] ?? "http://identity/connect/token");
            });
    }
}
