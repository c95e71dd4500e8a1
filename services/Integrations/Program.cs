using PeerPlatform.Grpc;
using PeerPlatform.Integrations;
using PeerPlatform.Integrations.Data;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPeerGrpcService(typeof(Program).Assembly);
builder.AddIntegrationsService();

var app = builder.Build();
if (!await app.PrepareToServeAsync<IntegrationsDbContext>())
{
    return; // the migration job: the database is ready
}

app.MapGrpcService<WebhookGrpcService>();
app.MapGrpcService<EventFeedGrpcService>();

await app.RunAsync();
