using Microsoft.AspNetCore.HttpOverrides;
using PeerPlatform.Portal.Apis;
using PeerPlatform.Portal.SignIn;
using PeerPlatform.Security;
using PeerPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPortalSignIn();
builder.AddPortalApis();
builder.Services.AddRazorPages();
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = builder.Environment.IsDevelopment() ? "peer-portal-antiforgery" : "__Host-peer-portal-antiforgery";
    options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
// The gateway forwards the browser's scheme and host: sign-in redirects must name the gateway.
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
    foreach (var network in builder.Configuration.GetSection("Portal:TrustedProxyNetworks").Get<string[]>() ?? [])
    {
        options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
});

var app = builder.Build();

app.UseForwardedHeaders();
// Behind the gateway at /portal; health probes stay at the root.
app.UsePathBase("/portal");
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseWebPageHeaders();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapRazorPages();

await app.RunAsync();
