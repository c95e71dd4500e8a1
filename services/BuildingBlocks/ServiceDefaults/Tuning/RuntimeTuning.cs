using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeerPlatform.ServiceDefaults.Tuning;

/// <summary>
/// The one switch for the runtime tricks the benchmarks measured (docs/decisions/0005, 0008):
/// "Runtime:Tuning", on unless set to false. Off, a service runs as plain ASP.NET Core: no
/// idle memory return, and the data-protection key ring loads at start as usual.
/// </summary>
public static class RuntimeTuning
{
    public const string Switch = "Runtime:Tuning";

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue(Switch, true);

    internal static void AddRuntimeTuning(this IHostApplicationBuilder builder)
    {
        if (!IsOn(builder.Configuration))
        {
            return;
        }

        builder.Services.Configure<IdleMemoryReturnOptions>(builder.Configuration.GetSection("Runtime:IdleMemoryReturn"));
        builder.Services.AddHostedService<IdleMemoryReturn>();
    }
}
