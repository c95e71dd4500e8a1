using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Security;

namespace PeerPlatform.UnitTests.Security;

public sealed class KeyRingAtStartupTests
{
    [Fact]
    public void Authentication_alone_registers_the_key_ring_loader_by_the_name_we_remove()
    {
        // If ASP.NET Core renames its loader, removal silently stops working: this fails first.
        var services = new ServiceCollection();
        services.AddAuthentication();
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == PeerAuthentication.KeyRingLoaderType);
    }

    [Fact]
    public void Peer_authentication_starts_no_key_ring_loader_but_data_protection_stays_available()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddPeerAuthentication();
        // Registered after us, as the gateway's reverse proxy does: it adds the loader again.
        builder.Services.AddDataProtection();

        using var app = builder.Build();
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service.GetType().FullName == PeerAuthentication.KeyRingLoaderType);
        // Whatever protects data later loads the key ring on first use.
        Assert.NotNull(app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test"));
    }
}
