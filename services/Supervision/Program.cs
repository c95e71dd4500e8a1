using PeerPlatform.Grpc;
using PeerPlatform.Supervision;
using PeerPlatform.Supervision.Data;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddSupervisionService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<SupervisionDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<SupervisionGrpcService>();
app.MapGrpcService<PartnerOrganisationGrpcService>();
app.MapGrpcService<SupervisionAuditGrpcService>();
app.MapGrpcService<SupervisionDeadLetterGrpcService>();

await app.RunAsync();
