using Microsoft.EntityFrameworkCore;
using PeerPlatform.Identity;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.Data;
using PeerPlatform.Identity.Tokens;
using PeerPlatform.Persistence;
using PeerPlatform.ServiceDefaults;

var builder = WebApplication.CreateSlimBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerDatabase<IdentityDbContext>("identitydb", options => options.UseOpenIddict());
builder.AddTokenServer();

var app = builder.Build();

await app.PrepareDatabaseAsync<IdentityDbContext>();
if (app.IsMigrationJob())
{
    return;
}
await app.RegisterConfiguredClientsAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseForwardedHeaders();
}

app.MapDefaultEndpoints();
app.MapTokenEndpoint();

await app.RunAsync();
