using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace PeerPlatform.Messaging.Faults;

/// <summary>
/// Named places in the outbox relay and the consumers where the fault-injection suite can make a
/// process die as a crash would (SIGKILL, no clean-up) or make one message fail. Off unless
/// <c>Faults:ArmDirectory</c> is set, which only the chaos suite does. A point is armed by
/// creating the file <c>{service}.{point}</c> in that directory; firing deletes the file first,
/// so a restarted process runs normally. A file <c>{service}.poison</c> lists message ids (one per
/// line) that every consumer of the service refuses while the file exists.
/// </summary>
public sealed class FaultPoints
{
    /// <summary>The relay has claimed committed rows and is about to publish them.</summary>
    public const string OutboxBeforePublish = "outbox-before-publish";

    /// <summary>The broker has confirmed a batch; the rows are not yet marked sent.</summary>
    public const string OutboxAfterConfirm = "outbox-after-confirm";

    /// <summary>A consumer has applied a message but not yet committed or acknowledged it.</summary>
    public const string ConsumerBeforeCommit = "consumer-before-commit";

    private const string PoisonFile = "poison";

    private readonly string? armDirectory;
    private readonly string serviceName;
    private readonly ILogger<FaultPoints> logger;

    public FaultPoints(IConfiguration configuration, string serviceName, ILogger<FaultPoints> logger)
    {
        armDirectory = configuration["Faults:ArmDirectory"] is { Length: > 0 } directory ? directory : null;
        this.serviceName = serviceName;
        this.logger = logger;
    }

    public bool Enabled => armDirectory is not null;

    /// <summary>Kills the process at once if <paramref name="point"/> is armed for this service.</summary>
    public void CrashIfArmed(string point)
    {
        if (armDirectory is null)
        {
            return;
        }

        var file = Path.Combine(armDirectory, $"{serviceName}.{point}");
        if (!File.Exists(file))
        {
            return;
        }

        File.Delete(file);
        logger.LogCritical("Fault point {FaultPoint} fired: the process kills itself", point);
        Process.GetCurrentProcess().Kill();
    }

    /// <summary>Throws if the chaos suite has listed <paramref name="messageId"/> as poison for this service.</summary>
    public void FailIfPoison(Guid messageId)
    {
        if (armDirectory is null)
        {
            return;
        }

        var file = Path.Combine(armDirectory, $"{serviceName}.{PoisonFile}");
        if (File.Exists(file) && File.ReadLines(file).Any(line => Guid.TryParse(line, out var id) && id == messageId))
        {
            logger.LogWarning("Refusing message {MessageId}: listed as poison by the fault-injection suite", messageId);
            throw new InjectedFaultException($"Message {messageId} is listed as poison by the fault-injection suite.");
        }
    }
}

/// <summary>A failure injected on purpose by <see cref="FaultPoints"/>.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
