using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PeerPlatform.EndToEndTests;

/// <summary>Tokens an attacker could make: right claims, wrong (or no) signature.</summary>
internal static class ForgedTokens
{
    private static Dictionary<string, object> Claims(string issuer) => new()
    {
        ["sub"] = "trust-integrator",
        ["client_id"] = "trust-integrator",
        ["role"] = "admin",
        ["aud"] = "peerplatform-api",
        ["iss"] = issuer,
    };

    /// <summary>Correct issuer, audience and lifetime, signed by a key PeerPlatform never issued.</summary>
    public static string SignedWithForeignKey(string issuer)
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "attacker-key" };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = Claims(issuer),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token ("alg": "none").</summary>
    public static string Unsigned(string issuer)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = $$"""{"sub":"trust-integrator","client_id":"trust-integrator","role":"admin","aud":"peerplatform-api","iss":"{{issuer}}","exp":{{expires}}}""";
        return Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(payload) + ".";
    }
}
