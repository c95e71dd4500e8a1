using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Identity;
using PeerPlatform.Identity.Clients;
using PeerPlatform.Identity.Data;
using PeerPlatform.Identity.People;
using PeerPlatform.Identity.SignIn;
using PeerPlatform.Identity.Tokens;
using PeerPlatform.Persistence;
using PeerPlatform.Security;
using PeerPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerDatabase<IdentityDbContext>("identitydb", options => options.UseOpenIddict());
builder.AddPeerAuditTrail<IdentityDbContext>();
builder.AddTokenServer();
builder.AddPersonSignIn();

var app = builder.Build();

await app.PrepareDatabaseAsync<IdentityDbContext>();
if (app.IsMigrationJob())
{
    return;
}
await app.RegisterConfiguredClientsAsync();
await app.CreateConfiguredPeopleAsync();

// The caller's address as the gateway saw it, before OpenIddict handles the request (TokenServer).
app.UseForwardedHeaders();
// Forms may lead on to the trust's own identity providers (the external sign-in's redirect).
app.UseWebPageHeaders([.. Federation.Providers(app.Configuration).Select(p => new Uri(p.Authority).GetLeftPart(UriPartial.Authority))]);
app.UseStaticFiles(new StaticFileOptions { RequestPath = "/account" });
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapTokenEndpoint();
app.MapSignInEndpoints();
app.MapPeopleApi();
app.MapRazorPages();

await app.RunAsync();
