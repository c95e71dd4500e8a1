using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce;
using PeerPlatform.Grpc;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddWorkforceService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<WorkforceDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<WorkforceGrpcService>();
app.MapGrpcService<WorkforceDeadLetterGrpcService>();

await app.RunAsync();
