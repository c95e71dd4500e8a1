using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PeerPlatform.Identity.Clients;

/// <summary>
/// Makes OpenIddict's client store match "Identity:Clients" at start-up: creates missing
/// clients and updates existing ones (secrets, role, organisation, scopes). Clients that are no
/// longer configured are removed, so revoking a client is a configuration change.
/// </summary>
internal static class ClientRegistration
{
    public const string RoleProperty = "role";
    public const string PartnerOrganisationProperty = "partner_org";

    public static async Task RegisterConfiguredClientsAsync(this IHost app, CancellationToken cancellationToken = default)
    {
        var issuer = new Uri(app.Services.GetRequiredService<IConfiguration>()["Identity:Issuer"] ?? Security.PeerAuthentication.DefaultIssuer);
        var definitions = app.Services.GetRequiredService<IConfiguration>().GetSection("Identity:Clients").Get<List<ClientDefinition>>() ?? [];
        var problems = definitions.SelectMany(d => d.Problems())
            .Concat(definitions.GroupBy(d => d.ClientId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: defined twice"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid Identity:Clients configuration: " + string.Join("; ", problems));
        }

        if (definitions.Count == 0)
        {
            // The development clients come only with the Development environment (the local run
            // and the tests); a deployment names its own, from its secret store.
            throw new InvalidOperationException(
                "Identity has no clients. Configure them as Identity__Clients__0__ClientId, __Role, __Secret (or __PublicKeyPem) "
                + "and, for a partner, __PartnerOrganisation, from the secret store; see docs/security.md#adding-a-client.");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PeerPlatform.Identity.Clients");

        foreach (var definition in definitions)
        {
            var descriptor = ToDescriptor(definition, issuer);
            var existing = await manager.FindByClientIdAsync(definition.ClientId, cancellationToken);
            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }

        var configured = definitions.Select(d => d.ClientId).ToHashSet(StringComparer.Ordinal);
        var stale = new List<object>();
        await foreach (var application in manager.ListAsync(cancellationToken: cancellationToken))
        {
            if (!configured.Contains(await manager.GetClientIdAsync(application, cancellationToken) ?? ""))
            {
                stale.Add(application);
            }
        }

        foreach (var application in stale)
        {
            await manager.DeleteAsync(application, cancellationToken);
        }

        logger.LogInformation("{Count} OAuth clients registered, {Removed} removed", definitions.Count, stale.Count);
    }

    private static OpenIddictApplicationDescriptor ToDescriptor(ClientDefinition definition, Uri issuer)
    {
        if (definition.SignsInPeople)
        {
            return ToPeopleApplicationDescriptor(definition, issuer);
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = definition.ClientId,
            ClientSecret = definition.Secret is { Length: > 0 } ? definition.Secret : null,
            ClientType = ClientTypes.Confidential,
            DisplayName = definition.DisplayName ?? definition.ClientId,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };

        var scopes = definition.Scopes.Length > 0 ? definition.Scopes : ClientDefinition.DefaultScopesByRole[definition.Role];
        foreach (var scope in scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.Properties[RoleProperty] = JsonSerializer.SerializeToElement(definition.Role);
        if (definition.PartnerOrganisation is { Length: > 0 } organisation)
        {
            descriptor.Properties[PartnerOrganisationProperty] = JsonSerializer.SerializeToElement(organisation);
        }

        if (definition.AccessTokenLifetime is { } lifetime)
        {
            descriptor.Settings[Settings.TokenLifetimes.AccessToken] = lifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        AddPublicKey(descriptor, definition);
        return descriptor;
    }

    /// <summary>A first-party application people sign in to: code flow with PKCE, refresh tokens, no consent screen.</summary>
    private static OpenIddictApplicationDescriptor ToPeopleApplicationDescriptor(ClientDefinition definition, Uri issuer)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = definition.ClientId,
            ClientSecret = definition.Secret is { Length: > 0 } ? definition.Secret : null,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = definition.DisplayName ?? definition.ClientId,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (definition.ActsForPeople)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.TokenExchange);
        }

        foreach (var scope in definition.Scopes.Length > 0 ? definition.Scopes : ClientDefinition.AllScopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        foreach (var uri in definition.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(issuer, uri));
        }

        foreach (var uri in definition.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(issuer, uri));
        }

        AddPublicKey(descriptor, definition);
        return descriptor;
    }

    private static void AddPublicKey(OpenIddictApplicationDescriptor descriptor, ClientDefinition definition)
    {
        if (definition.PublicKeyPem is { Length: > 0 } pem)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            descriptor.JsonWebKeySet = new JsonWebKeySet { Keys = { JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa)) } };
        }
    }
}
