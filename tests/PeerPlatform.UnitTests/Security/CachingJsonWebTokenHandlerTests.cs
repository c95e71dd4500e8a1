using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PeerPlatform.Security;

namespace PeerPlatform.UnitTests.Security;

public sealed class CachingJsonWebTokenHandlerTests
{
    private const string Issuer = "http://identity.test/";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "key-1" };
    private readonly CachingJsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    [Fact]
    public async Task A_token_presented_again_is_remembered_and_each_answer_has_an_identity_of_its_own()
    {
        var token = IssueToken(_key, lifetime: TimeSpan.FromMinutes(15));

        var first = await _handler.ValidateTokenAsync(token, Parameters(_key));
        first.ClaimsIdentity.AddClaim(new Claim("role", "added-by-one-request"));
        var second = await _handler.ValidateTokenAsync(token, Parameters(_key));
        second.ClaimsIdentity.AddClaim(new Claim("role", "added-by-one-request"));
        var third = await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.True(first.IsValid && second.IsValid && third.IsValid);
        Assert.Equal(1, _handler.Count);
        Assert.Equal("client-a", third.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.DoesNotContain(third.ClaimsIdentity.Claims, c => c.Value == "added-by-one-request");
        Assert.Same(first.SecurityToken, third.SecurityToken);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_signing_key_is_no_longer_published()
    {
        var token = IssueToken(_key, lifetime: TimeSpan.FromMinutes(15));
        var replacement = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "key-2" };
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        var afterRotation = await _handler.ValidateTokenAsync(token, Parameters(replacement));

        Assert.False(afterRotation.IsValid);
        Assert.Equal(0, _handler.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        // The handler reads the real clock, as lifetime validation does: a short-lived token it is.
        var token = IssueToken(_key, lifetime: TimeSpan.FromSeconds(2));
        var expires = new JsonWebToken(token).ValidTo;
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        await Task.Delay(expires - DateTime.UtcNow + TimeSpan.FromMilliseconds(100));
        var afterExpiry = await _handler.ValidateTokenAsync(token, Parameters(_key));

        Assert.False(afterExpiry.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(afterExpiry.Exception);
        Assert.Equal(0, _handler.Count);
    }

    [Fact]
    public async Task A_token_that_fails_validation_is_never_remembered()
    {
        var stranger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "key-1" };
        var forged = IssueToken(stranger, lifetime: TimeSpan.FromMinutes(15));

        var attempts = new[]
        {
            await _handler.ValidateTokenAsync(forged, Parameters(_key)),
            await _handler.ValidateTokenAsync(forged, Parameters(_key)),
        };

        Assert.All(attempts, a => Assert.False(a.IsValid));
        Assert.Equal(0, _handler.Count);
    }

    private string IssueToken(SecurityKey signingKey, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = PeerAuthentication.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "client-a", ["role"] = "integrator" },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private TokenValidationParameters Parameters(SecurityKey publishedKey) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = PeerAuthentication.Audience,
        IssuerSigningKeys = [publishedKey],
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
    };
}
