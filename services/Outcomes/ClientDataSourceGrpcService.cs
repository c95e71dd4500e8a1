using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Outcomes.Records;
using PeerPlatform.Security;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.records.v1.ClientDataSource: what Outcomes holds about a client, for subject access exports (admins, and the export job's own client).</summary>
[Authorize(Policy = PeerPolicies.Admin)]
internal sealed class ClientDataSourceGrpcService(IServiceProvider services) : R.ClientDataSource.ClientDataSourceBase
{
    [PersonalData(AuditedRecords.Client, AuditAction.Read, idField: "client_id")]
    public override Task<R.ClientDataExport> ExportClientData(R.ExportClientDataRequest request, ServerCallContext context) =>
        services.GetRequiredService<ExportClientDataHandler>().HandleAsync(request, context.CancellationToken);
}
