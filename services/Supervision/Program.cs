using PeerPlatform.Messaging;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.Supervision.Data;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerDatabase<SupervisionDbContext>("supervisiondb");
builder.AddPeerMessaging<SupervisionDbContext>("supervision");
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.MigrateDatabaseAsync<SupervisionDbContext>();

app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();

app.Run();
