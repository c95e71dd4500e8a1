using PeerPlatform.SharedKernel;

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

/// <summary>The referral lifecycle (docs/referrals.md); numbering matches the v1 proto.</summary>
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

/// <summary>How the client was told about peer support.</summary>
public enum InformationMethod
{
    InPerson = 1,
    Phone = 2,
    Video = 3,
    Written = 4,
}

/// <summary>Why an engagement ended.</summary>
public enum EndReason
{
    GoalsMet = 1,
    Disengaged = 2,
    Moved = 3,
    ClientChoice = 4,
    WorkerLeftNotRematched = 5,
    ConsentWithdrawn = 6,
    Other = 7,
}

/// <summary>
/// A request for peer support for one client, and the engagement that may follow. Every status
/// change goes through this class and is kept in <see cref="History"/>.
/// The seed's first failure was referring clients who had never been told what peer support is or
/// asked whether they wanted it; so no referral is accepted, matched or started unless the client
/// was given information and consented, both recorded here (the hard rule).
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

    public string? InformationGivenBy { get; private set; }

    public DateOnly? InformationGivenOn { get; private set; }

    public InformationMethod? InformationMethod { get; private set; }

    /// <summary>True once the client consented, false once they declined; null before either.</summary>
    public bool? ConsentGiven { get; private set; }

    public DateTimeOffset? ConsentRecordedAt { get; private set; }

    public DateTimeOffset? ConsentWithdrawnAt { get; private set; }

    public Guid? AssignedWorkerId { get; private set; }

    public Guid? AssignedTeamId { get; private set; }

    /// <summary>The idempotency key of the worker's caseload reservation, to release it later.</summary>
    public string? ReservationKey { get; private set; }

    public DateTimeOffset? FirstContactAt { get; private set; }

    /// <summary>The referring system's own identifier ("system|value"), unique; null when none was sent.</summary>
    public string? RequesterIdentifier { get; private set; }

    public EndReason? EndReason { get; private set; }

    public IReadOnlyList<ReferralStatusChange> History => history;

    /// <summary>Calendar days in the trust's time zone from receipt to first contact; null until the first contact.</summary>
    public int? DaysToFirstContact => FirstContactAt is { } first ? TrustCalendar.DaysBetween(ReceivedAt, first) : null;

    /// <summary>
    /// Whether first contact came within <paramref name="targetDays"/>: false once the target has
    /// passed without one, null while it has not yet passed, and null for a referral that closed
    /// without a first contact (it had none to be on time or late).
    /// </summary>
    public bool? FirstContactWithinTarget(int targetDays, DateTimeOffset now) =>
        DaysToFirstContact is { } days ? days <= targetDays
        : IsClosed ? null
        : TrustCalendar.DaysBetween(ReceivedAt, now) > targetDays ? false
        : null;

    public bool IsClosed => Status is ReferralStatus.Declined or ReferralStatus.NotAccepted or ReferralStatus.Ended or ReferralStatus.Withdrawn;

    /// <summary>The engagement started (a first contact was made); a change of worker does not restart it.</summary>
    public bool EngagementStarted => FirstContactAt is not null;

    /// <summary>An engagement in progress: started and not closed, whether or not it has a worker right now.</summary>
    public bool InEngagement => EngagementStarted && !IsClosed;

    /// <param name="receivedAt">When the trust received it: now, or earlier for a referral recorded after the fact.</param>
    /// <summary>The referral now belongs to another record of the same person (a merge, or its undo).</summary>
    public void MoveToClient(Guid clientId) => ClientId = clientId;

    public static Referral Receive(Guid clientId, ReferralSource source, Referrer referrer, string reason, ReferralPriority priority, string receivedBy, DateTimeOffset now, DateTimeOffset? receivedAt = null, string? requesterIdentifier = null)
    {
        if (receivedAt > now)
        {
            throw new DomainRuleViolationException("A referral cannot be received in the future.");
        }

        var referral = new Referral
        {
            Id = Guid.CreateVersion7(now),
            ClientId = clientId,
            Source = source,
            Referrer = referrer,
            Reason = reason.Trim(),
            Priority = priority,
            Status = ReferralStatus.Received,
            ReceivedAt = receivedAt ?? now,
            RequesterIdentifier = string.IsNullOrWhiteSpace(requesterIdentifier) ? null : requesterIdentifier.Trim(),
        };
        referral.history.Add(ReferralStatusChange.Create(referral.Id, null, ReferralStatus.Received, receivedAt ?? now, receivedBy, "Referral received"));
        return referral;
    }

    /// <summary>Someone explained peer support to the client: who, when and how.</summary>
    public void RecordInformationGiven(string givenBy, DateOnly givenOn, InformationMethod method, string actor, DateTimeOffset now)
    {
        RequireStatus("record that information was given", ReferralStatus.Received);
        if (givenOn > TrustCalendar.LocalDate(now))
        {
            throw new DomainRuleViolationException("Information cannot have been given in the future.");
        }

        InformationGivenBy = givenBy.Trim();
        InformationGivenOn = givenOn;
        InformationMethod = method;
        Move(ReferralStatus.InformationGiven, actor, now, $"Information given by {method}");
    }

    /// <summary>The client's answer after being told about peer support.</summary>
    public void RecordConsent(bool given, string? declineReason, string actor, DateTimeOffset now)
    {
        RequireStatus("record consent", ReferralStatus.InformationGiven);
        if (!given && string.IsNullOrWhiteSpace(declineReason))
        {
            throw new DomainRuleViolationException("A decline needs the client's reason (\"not given\" is a reason).");
        }

        ConsentGiven = given;
        ConsentRecordedAt = now;
        Move(given ? ReferralStatus.ConsentGiven : ReferralStatus.Declined, actor, now, given ? "Client consented" : declineReason!.Trim());
    }

    /// <summary>Triage accepts the referral for peer support.</summary>
    public void Accept(string actor, DateTimeOffset now)
    {
        RequireInformationAndConsent("accepted");
        RequireStatus("accept", ReferralStatus.ConsentGiven);
        Move(ReferralStatus.Accepted, actor, now, "Accepted at triage");
    }

    /// <summary>Triage does not accept the referral.</summary>
    public void NotAccept(string reason, string actor, DateTimeOffset now)
    {
        RequireStatus("decide on", ReferralStatus.ConsentGiven);
        RequireReason(reason, "not accepting");
        Move(ReferralStatus.NotAccepted, actor, now, reason.Trim());
    }

    /// <summary>Checks, before anyone reserves a worker's slot, that this referral may be matched now.</summary>
    public void EnsureMatchable()
    {
        RequireInformationAndConsent("matched");
        RequireStatus("match", ReferralStatus.Accepted);
    }

    /// <summary>How many times a worker has been assigned (re-matching after a worker leaves counts again).</summary>
    public int MatchCount => history.Count(h => h.ToStatus == ReferralStatus.Matched);

    /// <summary>A peer worker's caseload slot was reserved for this client.</summary>
    public void AssignWorker(Guid workerId, Guid teamId, string reservationKey, string actor, DateTimeOffset now)
    {
        EnsureMatchable();
        AssignedWorkerId = workerId;
        AssignedTeamId = teamId;
        ReservationKey = reservationKey;
        Move(ReferralStatus.Matched, actor, now, MatchCount == 0 ? "Peer worker assigned" : "Peer worker changed: a new worker assigned after the previous one left");
    }

    /// <summary>
    /// Records a contact; the first one starts the engagement. Returns true when it did. After a
    /// change of worker the first contact with the new worker makes the referral Active again but
    /// the engagement keeps its start: one engagement, one start.
    /// </summary>
    public bool RecordContact(DateTimeOffset contactAt, string actor, DateTimeOffset now)
    {
        RequireInformationAndConsent("started");
        RequireStatus("record a contact for", ReferralStatus.Matched, ReferralStatus.Active);
        if (contactAt > now)
        {
            throw new DomainRuleViolationException("A contact cannot be recorded before it happened.");
        }

        if (contactAt < ReceivedAt)
        {
            throw new DomainRuleViolationException("A contact cannot predate the referral.");
        }

        if (Status == ReferralStatus.Active)
        {
            return false;
        }

        if (EngagementStarted)
        {
            Move(ReferralStatus.Active, actor, now, "First contact with the new peer worker; the engagement continues");
            return false;
        }

        FirstContactAt = contactAt;
        Move(ReferralStatus.Active, actor, now, "First contact");
        return true;
    }

    /// <summary>
    /// Ends the engagement: an Active one, or one whose worker changed and is waiting for or has a
    /// new worker. <see cref="Domain.EndReason.WorkerLeftNotRematched"/> is for an engagement whose
    /// worker left and that will not be matched again. Returns the reservation to release.
    /// </summary>
    public string? End(EndReason reason, string? note, string actor, DateTimeOffset now)
    {
        if (reason == Domain.EndReason.WorkerLeftNotRematched)
        {
            if (!(InEngagement && Status == ReferralStatus.Accepted))
            {
                throw new DomainRuleViolationException(
                    $"WorkerLeftNotRematched ends an engagement whose peer worker left and that is waiting to be matched again; this referral is {Status}{(EngagementStarted ? "" : " and its engagement never started")}.");
            }
        }
        else if (!InEngagement)
        {
            throw new DomainRuleViolationException($"Cannot end a referral that is {Status}: only an engagement that started (a first contact was recorded) and has not closed can end.");
        }

        if (reason == Domain.EndReason.Other)
        {
            RequireReason(note, "ending for another reason");
        }

        EndReason = reason;
        Move(ReferralStatus.Ended, actor, now, string.IsNullOrWhiteSpace(note) ? reason.ToString() : $"{reason}: {note.Trim()}");
        return ReservationKey;
    }

    /// <summary>Withdrawn at any point before it ended. Returns the reservation to release, if a worker held one.</summary>
    public string? Withdraw(string reason, string actor, DateTimeOffset now)
    {
        if (IsClosed)
        {
            throw new DomainRuleViolationException($"A referral that is {Status} cannot be withdrawn.");
        }

        RequireReason(reason, "withdrawing");
        var slot = Status is ReferralStatus.Matched or ReferralStatus.Active ? ReservationKey : null;
        Move(ReferralStatus.Withdrawn, actor, now, reason.Trim());
        return slot;
    }

    /// <summary>
    /// The client withdraws consent, at any time after giving it: an engagement that started ends
    /// (reason ConsentWithdrawn); a referral before its first contact, matched or not, is withdrawn.
    /// Returns the reservation to release.
    /// </summary>
    public string? WithdrawConsent(string actor, DateTimeOffset now)
    {
        if (ConsentGiven != true || ConsentWithdrawnAt is not null || IsClosed)
        {
            throw new DomainRuleViolationException("Consent can be withdrawn only while it is in force.");
        }

        ConsentWithdrawnAt = now;
        var slot = Status is ReferralStatus.Matched or ReferralStatus.Active ? ReservationKey : null;
        if (EngagementStarted)
        {
            EndReason = Domain.EndReason.ConsentWithdrawn;
            Move(ReferralStatus.Ended, actor, now, "Client withdrew consent");
        }
        else
        {
            Move(ReferralStatus.Withdrawn, actor, now, "Client withdrew consent");
        }

        return slot;
    }

    /// <summary>
    /// The assigned worker left: back to Accepted to be matched again. An engagement that started
    /// keeps its start; the change of worker is in the history.
    /// </summary>
    public void ReturnForRematching(string actor, DateTimeOffset now)
    {
        RequireStatus("return for re-matching", ReferralStatus.Matched, ReferralStatus.Active);
        AssignedWorkerId = null;
        AssignedTeamId = null;
        ReservationKey = null;
        Move(ReferralStatus.Accepted, actor, now, EngagementStarted
            ? "Peer worker left; the engagement continues and is to be matched with a new worker"
            : "Peer worker left before a first contact; to be matched again");
    }

    private void RequireInformationAndConsent(string what)
    {
        if (InformationGivenOn is null)
        {
            throw new DomainRuleViolationException($"A referral cannot be {what} before the client has been given information about peer support: record who explained it, when and how.");
        }

        if (ConsentGiven != true || ConsentWithdrawnAt is not null)
        {
            throw new DomainRuleViolationException($"A referral cannot be {what} without the client's recorded consent.");
        }
    }

    private void RequireStatus(string action, params ReferralStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainRuleViolationException(
                $"Cannot {action} a referral that is {Status}; it must be {string.Join(" or ", allowed)}.");
        }
    }

    private static void RequireReason(string? reason, string what)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleViolationException($"A reason is required for {what}.");
        }
    }

    private void Move(ReferralStatus to, string actor, DateTimeOffset now, string reason)
    {
        history.Add(ReferralStatusChange.Create(Id, Status, to, now, actor, reason));
        Status = to;
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

public enum ContactMode
{
    FaceToFace = 1,
    Phone = 2,
    Video = 3,
    Group = 4,
}

/// <summary>A peer support session with the client. Notes are personal data and never leave this service in events.</summary>
public sealed class PeerContact
{
    private PeerContact()
    {
    }

    public Guid Id { get; private set; }

    public Guid ReferralId { get; private set; }

    public DateTimeOffset ContactAt { get; private set; }

    public int DurationMinutes { get; private set; }

    public ContactMode Mode { get; private set; }

    public string Notes { get; private set; } = "";

    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    public static PeerContact Record(Guid referralId, DateTimeOffset contactAt, int durationMinutes, ContactMode mode, string notes, string recordedBy, DateTimeOffset now)
    {
        if (durationMinutes is < 1 or > 600)
        {
            throw new DomainRuleViolationException("A contact lasts between 1 and 600 minutes.");
        }

        return new PeerContact
        {
            Id = Guid.CreateVersion7(now),
            ReferralId = referralId,
            ContactAt = contactAt,
            DurationMinutes = durationMinutes,
            Mode = mode,
            Notes = notes.Trim(),
            RecordedBy = recordedBy,
            RecordedAt = now,
        };
    }
}
