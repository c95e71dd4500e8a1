using System.Diagnostics;

namespace PeerPlatform.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from. Set with the "Infrastructure" setting.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container engine answers, local executables otherwise.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and RabbitMQ container resources.</summary>
    Containers,

    /// <summary>The machine's own binaries, run by scripts/infra as Aspire executable resources.</summary>
    Executables,

    /// <summary>Servers someone else runs: connection strings come from configuration.</summary>
    External,
}

public static class InfrastructureModeResolver
{
    public static InfrastructureMode Resolve(string? configured)
    {
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.Parse<InfrastructureMode>(configured, ignoreCase: true);
        if (mode != InfrastructureMode.Auto)
        {
            return mode;
        }

        return ContainerEngineAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Executables;
    }

    /// <summary>
    /// A docker (or podman) client may be installed with no engine behind it, so ask the engine
    /// itself, and give up quickly.
    /// </summary>
    private static bool ContainerEngineAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured ? configured : "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no client at all
        }
    }
}
