using PeerPlatform.ServiceDefaults;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Supervision;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Persistence;

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
