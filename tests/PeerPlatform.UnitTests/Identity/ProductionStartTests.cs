using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using PeerPlatform.Identity;
using PeerPlatform.Persistence;

namespace PeerPlatform.UnitTests.Identity;

/// <summary>
/// Outside Development, Identity signs only with a key from the secret store: started with the
/// defaults it refuses at once, saying what to set, instead of signing with a key that dies with
/// the process; with a current and a next key it publishes both.
/// </summary>
public sealed class ProductionStartTests
{
    [Fact]
    public void Outside_development_a_start_without_a_signing_key_is_refused_with_what_to_set()
    {
        var builder = Builder(Environments.Production);

        var refusal = Assert.Throws<InvalidOperationException>(() => builder.AddTokenServer());

        Assert.Contains("Identity__SigningKeyPath", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_signs_with_a_throwaway_key()
    {
        var builder = Builder(Environments.Development);

        builder.AddTokenServer();
        using var app = builder.Build();

        Assert.NotEmpty(app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials);
    }

    [Fact]
    public void With_a_current_and_a_next_key_both_are_published_and_the_current_one_signs()
    {
        var folder = Directory.CreateTempSubdirectory("peer-keys-");
        try
        {
            var current = Path.Combine(folder.FullName, "current.pem");
            var next = Path.Combine(folder.FullName, "next.pem");
            using (var rsa = RSA.Create(2048))
            {
                File.WriteAllText(current, rsa.ExportPkcs8PrivateKeyPem());
            }

            using (var rsa = RSA.Create(2048))
            {
                File.WriteAllText(next, rsa.ExportPkcs8PrivateKeyPem());
            }

            var builder = Builder(Environments.Production, new()
            {
                ["Identity:SigningKeyPath"] = current,
                ["Identity:SigningKeyId"] = "key-2026-12",
                ["Identity:NextSigningKeyPath"] = next,
                ["Identity:NextSigningKeyId"] = "key-2027-03",
            });

            builder.AddTokenServer();
            using var app = builder.Build();
            var keys = app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials
                .Select(credentials => credentials.Key.KeyId)
                .ToList();

            Assert.Equal(["key-2026-12", "key-2027-03"], keys);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static WebApplicationBuilder Builder(string environment, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = "Host=localhost;Database=unused",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddPeerDatabase<PeerPlatform.Identity.Data.IdentityDbContext>("identitydb", options => options.UseOpenIddict());
        return builder;
    }
}
