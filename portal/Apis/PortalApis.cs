using System.Net.Http.Headers;
using PeerPlatform.Portal.SignIn;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Portal.Apis;

/// <summary>
/// The APIs the portal calls, all through the gateway with the signed-in person's access token, as
/// an integrator would: Supervision over gRPC, the supervision report's CSV and Identity's people
/// API over REST. The portal holds no data and no rules of its own; a refusal comes from the
/// gateway or the service, and the page shows it.
/// </summary>
internal static class PortalApis
{
    public static WebApplicationBuilder AddPortalApis(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Portal");
        var gatewayHttp = settings["GatewayHttp"] ?? "http://localhost:5080";
        var gatewayGrpc = settings["GatewayGrpc"] ?? "http://localhost:5081";

        builder.Services.AddTransient<BearerTokenHandler>();
        builder.Services.AddGrpcClient<C.SupervisionService.SupervisionServiceClient>(options => options.Address = new Uri(gatewayGrpc))
            .AddCallCredentials(async (_, metadata, services) =>
                metadata.Add("Authorization", "Bearer " + await services.GetRequiredService<IHttpContextAccessor>().HttpContext!.RequestServices.GetRequiredService<PersonTokens>().AccessTokenAsync(CancellationToken.None)))
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
        builder.Services.AddHttpClient("gateway", client => client.BaseAddress = new Uri(gatewayHttp))
            .AddHttpMessageHandler<BearerTokenHandler>();
        builder.Services.AddHttpClient("identity");
        return builder;
    }
}

/// <summary>Adds the signed-in person's access token to a REST call.</summary>
internal sealed class BearerTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tokens = accessor.HttpContext!.RequestServices.GetRequiredService<PersonTokens>();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.AccessTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
