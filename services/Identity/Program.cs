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

// The caller's address as the gateway saw it, before OpenIddict handles the request (TokenServer).
app.UseForwardedHeaders();
app.UseAuthentication();
app.MapDefaultEndpoints();
app.MapTokenEndpoint();

await app.RunAsync();
