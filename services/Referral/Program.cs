using PeerPlatform.Grpc;
using PeerPlatform.Referral;
using PeerPlatform.Referral.Data;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddReferralService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<ReferralDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<ReferralGrpcService>();
app.MapGrpcService<ReferralAuditGrpcService>();
app.MapGrpcService<ClientRecordsGrpcService>();
app.MapGrpcService<ReferralDeadLetterGrpcService>();

await app.RunAsync();
