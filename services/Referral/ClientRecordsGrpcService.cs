using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Referral.Records;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral;

/// <summary>
/// peer.referral.v1.ClientRecordsService: records management under UK GDPR (docs/records.md),
/// for administrators only. Each handler audits what it reads or changes.
/// </summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class ClientRecordsGrpcService(IServiceProvider services) : C.ClientRecordsService.ClientRecordsServiceBase
{
    [PersonalData(AuditedRecords.Client, AuditAction.Read, idField: "client_id")]
    public override Task<C.ListClientChangesResponse> ListClientChanges(C.ListClientChangesRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListClientChangesHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update, idField: "source_client_id")]
    public override Task<C.ClientMerge> MergeClients(C.MergeClientsRequest request, ServerCallContext context) =>
        services.GetRequiredService<MergeClientsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update)]
    public override Task<C.ClientMerge> UndoClientMerge(C.UndoClientMergeRequest request, ServerCallContext context) =>
        services.GetRequiredService<UndoClientMergeHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Read, idField: "client_id")]
    public override Task<C.SubjectAccessExport> StartSubjectAccessExport(C.StartSubjectAccessExportRequest request, ServerCallContext context) =>
        services.GetRequiredService<StartSubjectAccessExportHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.SubjectAccessExport> GetSubjectAccessExport(C.GetSubjectAccessExportRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSubjectAccessExportHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.SubjectAccessExport, AuditAction.Read, idField: "export_id")]
    public override Task<Google.Api.HttpBody> DownloadSubjectAccessExport(C.DownloadSubjectAccessExportRequest request, ServerCallContext context) =>
        services.GetRequiredService<DownloadSubjectAccessExportHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update, idField: "client_id")]
    public override Task<C.LegalHold> PlaceLegalHold(C.PlaceLegalHoldRequest request, ServerCallContext context) =>
        services.GetRequiredService<PlaceLegalHoldHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update, idField: "client_id")]
    public override Task<C.LegalHold> ReleaseLegalHold(C.ReleaseLegalHoldRequest request, ServerCallContext context) =>
        services.GetRequiredService<ReleaseLegalHoldHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update, idField: "client_id")]
    public override Task<C.ErasureRequest> RecordErasureRequest(C.RecordErasureRequestRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordErasureRequestHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListErasureRequestsResponse> ListErasureRequests(C.ListErasureRequestsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListErasureRequestsHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.RetentionRun> RunRetention(C.RunRetentionRequest request, ServerCallContext context) =>
        services.GetRequiredService<RunRetentionHandler>().HandleAsync(request, context.CancellationToken);
}
