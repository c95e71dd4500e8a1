using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Security;
using PeerPlatform.Supervision;
using PeerPlatform.Supervision.Data;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddSupervisionService();
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.PrepareDatabaseAsync<SupervisionDbContext>();
if (app.IsMigrationJob())
{
    return;
}

app.UsePeerAuthentication();
app.UsePeerGrpcRequestChecks();
app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<SupervisionGrpcService>();
app.MapGrpcService<PartnerOrganisationGrpcService>();
app.MapGrpcService<SupervisionAuditGrpcService>();
app.MapGrpcService<SupervisionDeadLetterGrpcService>();

await app.RunAsync();
