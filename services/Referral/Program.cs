using PeerPlatform.Messaging;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerDatabase<ReferralDbContext>("referraldb");
builder.AddPeerMessaging<ReferralDbContext>("referral");
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

builder.Services.AddScoped<CreateReferralHandler>();
builder.Services.AddScoped<GetReferralHandler>();

var app = builder.Build();

await app.MigrateDatabaseAsync<ReferralDbContext>();

app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<ReferralGrpcService>();

app.Run();
