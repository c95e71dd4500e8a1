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

        builder.Services.AddOptions<IdleMemoryReturnOptions>()
            .BindConfiguration("Runtime:IdleMemoryReturn")
            .Validate(o => o.QuietFor >= TimeSpan.Zero && o.CheckEvery > TimeSpan.Zero && o.QuietBytesPerSecond > 0 && o.BusyBytes > 0,
                "Runtime:IdleMemoryReturn needs CheckEvery, QuietBytesPerSecond and BusyBytes positive and QuietFor not negative.")
            .ValidateOnStart();
        builder.Services.AddHostedService<IdleMemoryReturn>();
    }
}
