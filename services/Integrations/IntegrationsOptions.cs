using System.ComponentModel.DataAnnotations;

namespace PeerPlatform.Integrations;

/// <summary>"Webhooks" configuration, checked when the service starts.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The first retry's delay; each further one doubles, to at most <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "12:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried before it is given up and its subscription marked failing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a receiver has to answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most of a receiver's answer that is read (and thrown away); a longer answer fails the attempt.</summary>
    [Range(0, 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Receivers served at once; one slow receiver holds at most one.</summary>
    [Range(1, 256)]
    public int MaxConcurrentReceivers { get; set; } = 16;

    /// <summary>How often the dispatcher looks for due deliveries when nothing woke it (retries, other replicas' events).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the dispatcher waits after being woken, so deliveries committed together are claimed together.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Loopback receivers (http://localhost:…): local runs and tests only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Private networks (CIDR, "10.20.0.0/16") where the trust's own receivers live; refused otherwise.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

/// <summary>"EventFeed" configuration.</summary>
public sealed class EventFeedOptions
{
    public const string Section = "EventFeed";

    /// <summary>Days events stay in the feed; longer than deliveries are retried, so a delivery always finds its event.</summary>
    [Range(2, 3650)]
    public int RetentionDays { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
