using PeerPlatform.Grpc;
using PeerPlatform.Outcomes;
using PeerPlatform.Outcomes.Data;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddOutcomesService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<OutcomesDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<OutcomesGrpcService>();
app.MapGrpcService<SupervisionReportGrpcService>();
app.MapGrpcService<OutcomesDataGrpcService>();
app.MapGrpcService<OutcomesAuditGrpcService>();
app.MapGrpcService<OutcomesDeadLetterGrpcService>();
app.MapGrpcService<ClientDataSourceGrpcService>();

await app.RunAsync();
