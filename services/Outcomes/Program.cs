using PeerPlatform.Messaging;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Referrals;
using PeerPlatform.Outcomes.Summary;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerDatabase<OutcomesDbContext>("outcomesdb");
builder.AddPeerMessaging<OutcomesDbContext>("outcomes", bus =>
{
    bus.AddConsumer<ReferralReceivedConsumer>();
});
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

builder.Services.AddScoped<GetSummaryHandler>();

var app = builder.Build();

await app.MigrateDatabaseAsync<OutcomesDbContext>();

app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<OutcomesGrpcService>();

app.Run();
