namespace PeerPlatform.Referral.Records;

/// <summary>Records management settings, section "Records" (docs/records.md has each default and its source).</summary>
public sealed class RecordsOptions
{
    /// <summary>Years a care record (a client whose engagement began) is kept after the last contact.</summary>
    public int CareRecordYears { get; set; } = 20;

    /// <summary>Years a client whose referrals never started is kept after the last one closed.</summary>
    public int NotStartedReferralYears { get; set; } = 2;

    /// <summary>How long a merge can be undone.</summary>
    public TimeSpan MergeUndoWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Days a subject access archive is kept after it is ready, then deleted.</summary>
    public int ExportRetentionDays { get; set; } = 30;

    /// <summary>How often the export worker looks for work when not woken.</summary>
    public TimeSpan ExportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Local time (Europe/London) of the daily retention run.</summary>
    public TimeOnly RetentionRunAt { get; set; } = new(2, 30);

    /// <summary>The OAuth client the export job calls other services as (role admin); its secret comes from the secret store.</summary>
    public string ExportClientId { get; set; } = "peer-records-export";

    public string ExportClientSecret { get; set; } = "";

    /// <summary>
    /// Tests only: a file holding a number of days the retention run adds to today, so a test can
    /// let a retention period pass. Never set in a deployment.
    /// </summary>
    public string? ClockOffsetFile { get; set; }
}
