using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PeerPlatform.Security;

/// <summary>
/// A <see cref="JsonWebTokenHandler"/> that remembers the tokens it has fully validated, so the
/// same token presented again (an integrator reuses one access token for many calls, and the
/// gateway forwards it to a service that checks it again) skips the signature check and the
/// parsing. A remembered token is accepted only while it has not expired and the key that signed
/// it is still among the keys the handler is given, so a key withdrawn from the Identity service's
/// key set stops its tokens as soon as the keys are refreshed, exactly as without the cache. Only
/// valid tokens are remembered, at most <see cref="MaxEntries"/> at a time; every answer carries
/// an identity of its own, so nothing one request does to its claims reaches another.
/// One instance serves one authentication scheme: the validation parameters' issuer and audience
/// are fixed per scheme, so they are not part of the key.
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler
{
    /// <summary>Bounds the memory held: a token of ~1 KB plus its parsed form and claims.</summary>
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, ValidatedToken> _validated = new(StringComparer.Ordinal);
    /// <summary>How many validated tokens are remembered now.</summary>
    public int Count => _validated.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token is not null && validationParameters is not null
            && _validated.TryGetValue(token, out var remembered))
        {
            if (remembered.ExpiresAt > Now()
                && await IsStillPublishedAsync(remembered.SigningKey, validationParameters))
            {
                TokenValidationMetrics.Validations.Add(1, TokenValidationMetrics.Remembered);
                return remembered.NewResult();
            }

            _validated.TryRemove(new KeyValuePair<string, ValidatedToken>(token, remembered));
        }

        var result = await base.ValidateTokenAsync(token!, validationParameters!);
        TokenValidationMetrics.Validations.Add(1, result.IsValid ? TokenValidationMetrics.Validated : TokenValidationMetrics.Refused);
        if (result.IsValid && result.SecurityToken is JsonWebToken { SigningKey: { } key } jwt && result.ClaimsIdentity is { } identity)
        {
            // A copy: the identity returned here belongs to this request, which may add claims to it.
            Remember(token!, Now(), new ValidatedToken(jwt, key, identity.Clone(), result.Issuer, result.TokenType, jwt.ValidTo));
        }

        return result;
    }

    // The clock the handler's own lifetime check reads, so a remembered token lapses no later.
    private static DateTime Now() => DateTime.UtcNow;

    private void Remember(string token, DateTime now, ValidatedToken validated)
    {
        if (_validated.Count >= MaxEntries)
        {
            foreach (var (key, entry) in _validated)
            {
                if (entry.ExpiresAt <= now)
                {
                    _validated.TryRemove(key, out _);
                }
            }

            // Still full of live tokens: this one is simply validated in full each time.
            if (_validated.Count >= MaxEntries)
            {
                return;
            }
        }

        _validated[token] = validated;
    }

    /// <summary>
    /// True when the key that signed the token is among the keys validation would use now: the
    /// configuration manager's current keys when there is one (the keys published by the Identity
    /// service), otherwise the keys set on the parameters.
    /// </summary>
    private static async Task<bool> IsStillPublishedAsync(SecurityKey signingKey, TokenValidationParameters parameters)
    {
        if (parameters.IssuerSigningKey is { } single && Same(single, signingKey))
        {
            return true;
        }

        if (parameters.IssuerSigningKeys is { } keys && keys.Any(k => Same(k, signingKey)))
        {
            return true;
        }

        if (parameters.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetBaseConfigurationAsync(CancellationToken.None);
            return configuration?.SigningKeys?.Any(k => Same(k, signingKey)) == true;
        }

        return false;
    }

    // By reference: a refreshed key set holds new key objects, and a token signed by a key that was
    // refreshed is validated in full once more (one signature check) rather than matched by value.
    private static bool Same(SecurityKey a, SecurityKey b) => ReferenceEquals(a, b);

    private sealed record ValidatedToken(
        JsonWebToken Token, SecurityKey SigningKey, ClaimsIdentity Identity, string? Issuer, string? TokenType, DateTime ExpiresAt)
    {
        public TokenValidationResult NewResult() => new()
        {
            IsValid = true,
            SecurityToken = Token,
            ClaimsIdentity = Identity.Clone(),
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}

public static class TokenValidationMetrics
{
    public const string MeterName = "PeerPlatform.Security";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Access tokens checked, by outcome: remembered (no signature check), validated or refused.</summary>
    internal static readonly Counter<long> Validations = Meter.CreateCounter<long>(
        "peer.auth.token_validations", "{token}", "Access tokens checked, by outcome: remembered from an earlier full check, validated in full, or refused");

    internal static readonly KeyValuePair<string, object?> Remembered = new("outcome", "remembered");
    internal static readonly KeyValuePair<string, object?> Validated = new("outcome", "validated");
    internal static readonly KeyValuePair<string, object?> Refused = new("outcome", "refused");
}
