using PeerPlatform.Outcomes;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Persistence;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddOutcomesService();
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.PrepareDatabaseAsync<OutcomesDbContext>();
if (app.IsMigrationJob())
{
    return;
}

app.UsePeerAuthentication();
app.UsePeerGrpcRequestChecks();
app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<OutcomesGrpcService>();
app.MapGrpcService<SupervisionReportGrpcService>();
app.MapGrpcService<OutcomesDataGrpcService>();
app.MapGrpcService<OutcomesDeadLetterGrpcService>();

await app.RunAsync();
