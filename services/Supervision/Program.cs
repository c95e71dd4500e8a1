using PeerPlatform.Messaging;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Security;
using PeerPlatform.Supervision.Data;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddPeerDatabase<SupervisionDbContext>("supervisiondb");
builder.AddPeerMessaging<SupervisionDbContext>("supervision");
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.MigrateDatabaseAsync<SupervisionDbContext>();

app.UsePeerAuthentication();
app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();

app.Run();
