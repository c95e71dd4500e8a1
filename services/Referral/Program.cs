using PeerPlatform.Referral;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.ServiceDefaults;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Persistence;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddReferralService();
builder.Services.AddPeerGrpc(typeof(Program).Assembly);

var app = builder.Build();

await app.PrepareDatabaseAsync<ReferralDbContext>();
if (app.IsMigrationJob())
{
    return;
}

app.UsePeerAuthentication();
app.UsePeerGrpcRequestChecks();
app.MapDefaultEndpoints();
app.MapPeerGrpcInfrastructure();
app.MapGrpcService<ReferralGrpcService>();
app.MapGrpcService<ReferralAuditGrpcService>();
app.MapGrpcService<ReferralDeadLetterGrpcService>();

await app.RunAsync();
