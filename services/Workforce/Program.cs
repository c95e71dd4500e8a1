using PeerPlatform.ServiceDefaults;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Workforce;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Persistence;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddWorkforceService();
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.PrepareDatabaseAsync<WorkforceDbContext>();
if (app.IsMigrationJob())
{
    return;
}

app.UsePeerAuthentication();
app.UsePeerGrpcRequestChecks();
app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<WorkforceGrpcService>();
app.MapGrpcService<WorkforceDeadLetterGrpcService>();

await app.RunAsync();
