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
public static class FaultPoints
{
    /// <summary>The relay has claimed committed rows and is about to publish them.</summary>
    public const string OutboxBeforePublish = "outbox-before-publish";

    /// <summary>The broker has confirmed a batch; the rows are not yet marked sent.</summary>
    public const string OutboxAfterConfirm = "outbox-after-confirm";

    /// <summary>A consumer has applied a message but not yet committed or acknowledged it.</summary>
    public const string ConsumerBeforeCommit = "consumer-before-commit";
}

/// <summary>Where the chaos suite may crash a process or fail a message; the default does nothing.</summary>
public interface IFaultPoints
{
    /// <summary>Kills the process at once if <paramref name="point"/> is armed for this service.</summary>
    void CrashIfArmed(string point);

    /// <summary>Throws if the chaos suite has listed <paramref name="messageId"/> as poison for this service.</summary>
    void FailIfPoison(Guid messageId);

    /// <summary>
    /// The fault points for this configuration: armed by files only when <c>Faults:ArmDirectory</c>
    /// is set (the chaos suite), otherwise none.
    /// </summary>
    static IFaultPoints For(IConfiguration configuration, string serviceName, ILoggerFactory loggers) =>
        configuration["Faults:ArmDirectory"] is { Length: > 0 } directory
            ? new FileArmedFaultPoints(directory, serviceName, loggers.CreateLogger<FileArmedFaultPoints>())
            : NoFaultPoints.Instance;
}

/// <summary>Production: no fault is ever injected.</summary>
public sealed class NoFaultPoints : IFaultPoints
{
    public static readonly NoFaultPoints Instance = new();

    public void CrashIfArmed(string point)
    {
    }

    public void FailIfPoison(Guid messageId)
    {
    }
}

/// <summary>
/// The chaos suite's fault points: a point is armed by the file <c>{service}.{point}</c> in the
/// arm directory and firing deletes it first, so a restarted process runs normally.
/// </summary>
public sealed class FileArmedFaultPoints : IFaultPoints
{
    private const string PoisonFile = "poison";

    private readonly string armDirectory;
    private readonly string serviceName;
    private readonly ILogger<FileArmedFaultPoints> logger;

    public FileArmedFaultPoints(string armDirectory, string serviceName, ILogger<FileArmedFaultPoints> logger)
    {
        this.armDirectory = armDirectory;
        this.serviceName = serviceName;
        this.logger = logger;
    }

    /// <summary>Kills the process at once if <paramref name="point"/> is armed for this service.</summary>
    public void CrashIfArmed(string point)
    {
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
        var file = Path.Combine(armDirectory, $"{serviceName}.{PoisonFile}");
        if (File.Exists(file) && File.ReadLines(file).Any(line => Guid.TryParse(line, out var id) && id == messageId))
        {
            logger.LogWarning("Refusing message {MessageId}: listed as poison by the fault-injection suite", messageId);
            throw new InjectedFaultException($"Message {messageId} is listed as poison by the fault-injection suite.");
        }
    }
}

/// <summary>A failure injected on purpose by <see cref="IFaultPoints"/>.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);
