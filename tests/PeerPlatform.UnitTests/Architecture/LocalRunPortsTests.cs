using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PeerPlatform.UnitTests.Architecture;

/// <summary>
/// The ports a local run (<c>./peer run</c>) binds, and the check it and scripts/infra make before
/// binding them. A port inside Linux's ephemeral range can be held by any outgoing connection's
/// local end, which is how RabbitMQ once failed to start on 55672 and the run waited for ever.
/// </summary>
public sealed partial class LocalRunPortsTests
{
    private const int EphemeralFirst = 32768;
    private const int EphemeralLast = 60999;

    /// <summary>Other software's defaults a developer may be running: PostgreSQL, RabbitMQ (AMQP, management, distribution, CLI), epmd, PgBouncer.</summary>
    private static readonly int[] WellKnown = [5432, 5672, 15672, 25672, 4369, 6432, .. Enumerable.Range(35672, 11)];

    [Fact]
    public void Every_port_a_local_run_binds_by_default_is_outside_the_ephemeral_range_and_kept_from_tests()
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "AppHost", "appsettings.json"))).RootElement;
        var postgres = settings.GetProperty("LocalInfrastructure").GetProperty("PostgresPort").GetInt32();
        var rabbit = settings.GetProperty("LocalInfrastructure").GetProperty("RabbitMqPort").GetInt32();
        var launch = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "AppHost", "Properties", "launchSettings.json"));
        var dashboard = LocalhostPort().Matches(launch).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(3, dashboard.Count);
        int[] ports =
        [
            settings.GetProperty("Gateway").GetProperty("HttpPort").GetInt32(),
            settings.GetProperty("Gateway").GetProperty("GrpcPort").GetInt32(),
            postgres,
            rabbit,
            rabbit + 10_000, // epmd, as scripts/infra/rabbitmq.sh derives it
            rabbit + 20_000, // Erlang distribution
            .. dashboard,
        ];

        Assert.Equal(ports.Length, ports.Distinct().Count());
        foreach (var port in ports)
        {
            Assert.True(port is > 1023 and < EphemeralFirst or > EphemeralLast and <= 65535, $"port {port} is inside the ephemeral range {EphemeralFirst}-{EphemeralLast} (or privileged)");
            Assert.DoesNotContain(port, WellKnown);
            Assert.Contains(port, LoopbackPorts.LocalRunDefaults);
        }

        Assert.Equal(LoopbackPorts.LocalRunDefaults.Order(), ports.Order());
        // The AppHost's own fallbacks say the same as its settings.
        var infrastructure = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "AppHost", "Infrastructure", "PeerInfrastructure.cs"));
        Assert.Contains($"DefaultPostgresPort = {postgres};", infrastructure, StringComparison.Ordinal);
        Assert.Contains($"DefaultRabbitMqPort = {rabbit};", infrastructure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_port_check_names_the_process_that_listens_on_a_port()
    {
        var port = LoopbackPorts.Free();
        using var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();

        var (exitCode, output) = CheckPorts($"{port}:RabbitMQ AMQP");

        Assert.Equal(1, exitCode);
        Assert.Contains($"port {port} (RabbitMQ AMQP) on 127.0.0.1 is taken", output, StringComparison.Ordinal);
        if (HasSs())
        {
            Assert.Contains($"(pid {Environment.ProcessId}) listens on it", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_port_check_passes_free_ports_and_warns_of_one_in_the_ephemeral_range()
    {
        var free = LoopbackPorts.Free();
        // This machine's range (net.ipv4.ip_local_port_range), as ports.sh reads it.
        var range = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()
            : [EphemeralFirst, EphemeralLast];
        var ephemeral = Enumerable.Range(range[0] + (range[1] - range[0]) / 2, 1000).First(BindableOnLoopback);

        var (exitCode, output) = CheckPorts($"{free}:gateway", $"{ephemeral}:test");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain($"port {free}", output, StringComparison.Ordinal);
        Assert.Contains($"port {ephemeral} (test) is inside the kernel's ephemeral range", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) CheckPorts(params string[] ports)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", "infra", "ports.sh"));
        foreach (var port in ports)
        {
            start.ArgumentList.Add(port);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "ports.sh did not finish");
        return (process.ExitCode, output.Result + errors.Result);
    }

    private static bool HasSs() => Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(directory => File.Exists(Path.Combine(directory, "ss")));

    private static bool BindableOnLoopback(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"localhost:(\d+)")]
    private static partial Regex LocalhostPort();
}
