namespace PeerPlatform.Referral.Domain;

public enum ReferralSource
{
    ClinicalTeam = 1,
    Self = 2,
    Carer = 3,
    Gp = 4,
    PartnerOrganisation = 5,
}

public enum ReferralPriority
{
    Routine = 1,
    Urgent = 2,
}

/// <summary>The lifecycle in PRODUCT.md; numbering matches the v1 proto.</summary>
public enum ReferralStatus
{
    Received = 1,
    InformationGiven = 2,
    ConsentGiven = 3,
    Declined = 4,
    Accepted = 5,
    NotAccepted = 6,
    Matched = 7,
    Active = 8,
    Ended = 9,
    Withdrawn = 10,
}

/// <summary>Who referred the client: a professional or organisation, or the client themself.</summary>
public sealed record Referrer(string Name, string Organisation, string Role);

/// <summary>One transition in a referral's history: who moved it, when, and why.</summary>
public sealed class ReferralStatusChange
{
    private ReferralStatusChange()
    {
    }

    public long Id { get; private set; }

    public Guid ReferralId { get; private set; }

    public ReferralStatus? FromStatus { get; private set; }

    public ReferralStatus ToStatus { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public string Reason { get; private set; } = "";

    internal static ReferralStatusChange Create(Guid referralId, ReferralStatus? from, ReferralStatus to, DateTimeOffset at, string by, string reason) => new()
    {
        ReferralId = referralId,
        FromStatus = from,
        ToStatus = to,
        ChangedAt = at,
        ChangedBy = by,
        Reason = reason,
    };
}

/// <summary>
/// A request for peer support for one client. Every status change goes through this class and
/// is kept in <see cref="History"/>.
/// </summary>
public sealed class Referral
{
    private readonly List<ReferralStatusChange> history = [];

    private Referral()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public ReferralSource Source { get; private set; }

    public Referrer Referrer { get; private set; } = new("", "", "");

    public string Reason { get; private set; } = "";

    public ReferralPriority Priority { get; private set; }

    public ReferralStatus Status { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public IReadOnlyList<ReferralStatusChange> History => history;

    public static Referral Receive(Guid clientId, ReferralSource source, Referrer referrer, string reason, ReferralPriority priority, string receivedBy, DateTimeOffset now)
    {
        var referral = new Referral
        {
            Id = Guid.CreateVersion7(now),
            ClientId = clientId,
            Source = source,
            Referrer = referrer,
            Reason = reason.Trim(),
            Priority = priority,
            Status = ReferralStatus.Received,
            ReceivedAt = now,
        };
        referral.history.Add(ReferralStatusChange.Create(referral.Id, null, ReferralStatus.Received, now, receivedBy, "Referral received"));
        return referral;
    }
}

/// <summary>Stable lower-case codes used in integration events and reports.</summary>
public static class ReferralCodes
{
    public static string Code(this ReferralSource source) => source switch
    {
        ReferralSource.ClinicalTeam => "clinical_team",
        ReferralSource.Self => "self",
        ReferralSource.Carer => "carer",
        ReferralSource.Gp => "gp",
        ReferralSource.PartnerOrganisation => "partner_organisation",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static string Code(this ReferralPriority priority) => priority switch
    {
        ReferralPriority.Routine => "routine",
        ReferralPriority.Urgent => "urgent",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };
}
