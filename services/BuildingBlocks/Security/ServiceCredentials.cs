using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PeerPlatform.Security;

/// <summary>A service's own OAuth client, for work no caller's token covers (a job running after the request).</summary>
/// <param name="TokenEndpoint">Identity's token endpoint, by service discovery ("http://identity/connect/token").</param>
public sealed record ServiceClient(string ClientId, string Secret, string TokenEndpoint);

/// <summary>
/// Presents the service's own access token (client credentials) on each call. The called service
/// authorizes the client's role as for any caller, and its audit trail names the client.
/// </summary>
public sealed class ServiceCredentialsHandler(ServiceTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The service's token from Identity, kept until a minute before it expires (one per client, for the process's life).</summary>
public sealed class ServiceTokenSource(IHttpClientFactory factory, ServiceClient client, TimeProvider clock)
{
    public const string TokenHttpClient = "peer-service-token";

    private readonly SemaphoreSlim refresh = new(1, 1);
    private (string Token, DateTimeOffset Until)? current;

    public async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (current is { } held && held.Until > clock.GetUtcNow())
        {
            return held.Token;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (current is { } fresh && fresh.Until > clock.GetUtcNow())
            {
                return fresh.Token;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.Secret,
            });
            using var response = await factory.CreateClient(TokenHttpClient).PostAsync(client.TokenEndpoint, form, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var token = answer.RootElement.GetProperty("access_token").GetString()!;
            var lifetime = answer.RootElement.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 300;
            current = (token, clock.GetUtcNow().AddSeconds(Math.Max(lifetime - 60, lifetime / 2)));
            return token;
        }
        finally
        {
            refresh.Release();
        }
    }
}

public static class ServiceCredentialsExtensions
{
    /// <summary>Calls made by this client present the service's own token (<see cref="ServiceCredentialsHandler"/>).</summary>
    public static IHttpClientBuilder WithServiceCredentials(this IHttpClientBuilder builder, Func<IServiceProvider, ServiceClient> client)
    {
        builder.Services.AddHttpClient(ServiceTokenSource.TokenHttpClient);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var key = builder.Name + ":credentials";
        builder.Services.AddKeyedSingleton(key, (provider, _) =>
            new ServiceTokenSource(provider.GetRequiredService<IHttpClientFactory>(), client(provider), provider.GetRequiredService<TimeProvider>()));
        return builder.AddHttpMessageHandler(provider => new ServiceCredentialsHandler(provider.GetRequiredKeyedService<ServiceTokenSource>(key)));
    }
}
