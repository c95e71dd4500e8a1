using System.Net;
using System.Net.Sockets;

namespace PeerPlatform.TestSupport;

/// <summary>
/// Ports for throwaway servers (PostgreSQL, RabbitMQ, the gateway, telemetry receivers).
/// They are chosen below the kernel's ephemeral range (32768–60999 on Linux): a port the kernel
/// handed out (port 0) is free when asked, but any outgoing connection may take it as its source
/// port before the server binds it, and RabbitMQ's derived Erlang ports (AMQP ± 10000 / 20000)
/// land in that range too. Each port is checked bindable on both loopbacks, never handed out
/// twice by one process, and never one a local run (<c>./peer run</c>) binds by default.
/// </summary>
public static class LoopbackPorts
{
    private const int RabbitMqFirst = 10_000;
    private const int RabbitMqLast = 12_767; // + 20000 stays below the ephemeral range
    private const int OtherFirst = 13_000;
    private const int OtherLast = 19_999;

    /// <summary>
    /// The ports <c>./peer run</c> binds unless told otherwise: the gateway (5080, 5081), the
    /// dashboard (AppHost/Properties/launchSettings.json), PostgreSQL (7432) and RabbitMQ (7672,
    /// and the Erlang ports scripts/infra/rabbitmq.sh derives from it, +10000 and +20000). A test
    /// run and a local run on one machine never take each other's ports.
    /// </summary>
    public static readonly IReadOnlySet<int> LocalRunDefaults = new HashSet<int> { 5080, 5081, 7432, 7672, 17672, 27672, 18888, 18889, 18890 };

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>A free port for a server that needs only one.</summary>
    public static int Free() => Choose(OtherFirst, OtherLast, port => [port]);

    /// <summary>
    /// An AMQP port whose derived Erlang ports (epmd = +10000, distribution = +20000, as
    /// scripts/infra/rabbitmq.sh derives them) are free as well.
    /// </summary>
    public static int FreeForRabbitMq() => Choose(RabbitMqFirst, RabbitMqLast, port => [port, port + 10_000, port + 20_000]);

    private static int Choose(int first, int last, Func<int, int[]> portsFor)
    {
        var span = last - first + 1;
        var start = Random.Shared.Next(span);
        lock (Gate)
        {
            for (var i = 0; i < span; i++)
            {
                var candidate = first + (start + i) % span;
                var ports = portsFor(candidate);
                if (ports.All(port => !HandedOut.Contains(port) && !LocalRunDefaults.Contains(port) && Bindable(port)))
                {
                    HandedOut.UnionWith(ports);
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"no free loopback port between {first} and {last}");
    }

    private static bool Bindable(int port) => Bindable(IPAddress.Loopback, port) && Bindable(IPAddress.IPv6Loopback, port, missingIsFine: true);

    private static bool Bindable(IPAddress address, int port, bool missingIsFine = false)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
        catch (SocketException) when (missingIsFine)
        {
            return true; // no IPv6 loopback on this machine
        }
    }
}
