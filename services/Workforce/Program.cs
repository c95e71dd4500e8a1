using PeerPlatform.Grpc;
using PeerPlatform.Workforce;
using PeerPlatform.Workforce.Data;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddWorkforceService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<WorkforceDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<WorkforceGrpcService>();
app.MapGrpcService<WorkforceAuditGrpcService>();
app.MapGrpcService<WorkforceDeadLetterGrpcService>();

await app.RunAsync();
