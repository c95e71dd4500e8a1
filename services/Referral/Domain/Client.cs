namespace PeerPlatform.Referral.Domain;

/// <summary>
/// The person referred for peer support. The only identifying data in the platform lives here;
/// other services know clients by <see cref="Id"/> alone.
/// </summary>
public sealed class Client
{
    private Client()
    {
    }

    public Guid Id { get; private set; }

    public string GivenName { get; private set; } = "";

    public string FamilyName { get; private set; } = "";

    public DateOnly DateOfBirth { get; private set; }

    /// <summary>Null until traced, for a client referred without one (self, carer, partner organisation).</summary>
    public string? NhsNumber { get; private set; }

    /// <summary>Set when an admin merged this record into another of the same person; reads answer with the other.</summary>
    public Guid? MergedInto { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public string Locality { get; private set; } = "";

    public string ContactPreferences { get; private set; } = "";

    public string PreferredWorkerGender { get; private set; } = "";

    public string PreferredLanguage { get; private set; } = "";

    public List<string> LivedExperienceAreas { get; private set; } = [];

    public static Client Register(string givenName, string familyName, DateOnly dateOfBirth, NhsNumber? nhsNumber, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        GivenName = givenName.Trim(),
        FamilyName = familyName.Trim(),
        DateOfBirth = dateOfBirth,
        NhsNumber = nhsNumber?.Value,
        RegisteredAt = now,
    };

    /// <summary>Where the client lives and what they would like in a peer worker (all optional).</summary>
    public void SetPreferences(string locality, string contactPreferences, string workerGender, string language, IEnumerable<string> livedExperienceAreas)
    {
        Locality = locality.Trim().ToLowerInvariant();
        ContactPreferences = contactPreferences.Trim();
        PreferredWorkerGender = workerGender.Trim().ToLowerInvariant();
        PreferredLanguage = language.Trim().ToLowerInvariant();
        LivedExperienceAreas = livedExperienceAreas.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct().ToList();
    }

    /// <summary>
    /// Applies a correction (rectification) and returns each field that really changed, with its
    /// value before and after; unchanged fields are left out, so a no-op correction records nothing.
    /// </summary>
    public IReadOnlyList<ClientFieldChange> Correct(ClientCorrection correction)
    {
        var changes = new List<ClientFieldChange>();
        void Apply(string field, string before, string after, Action set)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new ClientFieldChange(field, before, after));
                set();
            }
        }

        if (correction.GivenName is { } givenName)
        {
            Apply(ClientFields.GivenName, GivenName, givenName.Trim(), () => GivenName = givenName.Trim());
        }

        if (correction.FamilyName is { } familyName)
        {
            Apply(ClientFields.FamilyName, FamilyName, familyName.Trim(), () => FamilyName = familyName.Trim());
        }

        if (correction.DateOfBirth is { } dateOfBirth)
        {
            Apply(ClientFields.DateOfBirth, DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                dateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), () => DateOfBirth = dateOfBirth);
        }

        if (correction.NhsNumber is { } nhsNumber)
        {
            var after = nhsNumber.Length == 0 ? null : nhsNumber;
            Apply(ClientFields.NhsNumber, NhsNumber ?? "", after ?? "", () => NhsNumber = after);
        }

        if (correction.Locality is { } locality)
        {
            var after = locality.Trim().ToLowerInvariant();
            Apply(ClientFields.Locality, Locality, after, () => Locality = after);
        }

        if (correction.ContactPreferences is { } contact)
        {
            Apply(ClientFields.ContactPreferences, ContactPreferences, contact.Trim(), () => ContactPreferences = contact.Trim());
        }

        if (correction.Preferences is { } preferences)
        {
            var before = (PreferredWorkerGender, PreferredLanguage, LivedExperienceAreas.ToList());
            SetPreferences(Locality, ContactPreferences, preferences.WorkerGender, preferences.Language, preferences.LivedExperienceAreas);
            Apply(ClientFields.Preferences, Describe(before.PreferredWorkerGender, before.PreferredLanguage, before.Item3),
                Describe(PreferredWorkerGender, PreferredLanguage, LivedExperienceAreas), () => { });
        }

        return changes;
    }

    /// <summary>
    /// Closes this record as a duplicate of <paramref name="target"/>. Returns the NHS number to
    /// move when only this record had one: it is let go of here, and the target adopts it once
    /// that is saved (the number is unique).
    /// </summary>
    public string? MergeInto(Client target)
    {
        if (MergedInto is not null || target.MergedInto is not null || target.Id == Id)
        {
            throw new InvalidOperationException("Only two open, different records can be merged.");
        }

        MergedInto = target.Id;
        return target.NhsNumber is null ? ReleaseNhsNumber() : null;
    }

    /// <summary>Reopens this record after its merge was undone; it adopts back a number it gave up.</summary>
    public void Reopen() => MergedInto = null;

    public string? ReleaseNhsNumber()
    {
        var number = NhsNumber;
        NhsNumber = null;
        return number;
    }

    public void AdoptNhsNumber(string number) => NhsNumber = number;

    private static string Describe(string gender, string language, IEnumerable<string> areas) =>
        $"worker gender: {gender}; language: {language}; lived experience: {string.Join(", ", areas)}";
}

/// <summary>The fields a correction names (the proto's field names, as update_mask lists them).</summary>
public static class ClientFields
{
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string DateOfBirth = "date_of_birth";
    public const string NhsNumber = "nhs_number";
    public const string Locality = "locality";
    public const string ContactPreferences = "contact_preferences";
    public const string Preferences = "preferences";

    public static readonly IReadOnlyList<string> All = [GivenName, FamilyName, DateOfBirth, NhsNumber, Locality, ContactPreferences, Preferences];
}

/// <summary>What a correction changes; null leaves a field as it is. An empty NHS number removes one recorded in error.</summary>
public sealed record ClientCorrection(
    string? GivenName = null,
    string? FamilyName = null,
    DateOnly? DateOfBirth = null,
    string? NhsNumber = null,
    string? Locality = null,
    string? ContactPreferences = null,
    MatchingPreferenceValues? Preferences = null);

public sealed record MatchingPreferenceValues(string WorkerGender, string Language, IReadOnlyList<string> LivedExperienceAreas);

/// <summary>One field of a client changed by a correction: personal data, kept in the client's history.</summary>
public sealed record ClientFieldChange(string Field, string Before, string After);

/// <summary>One correction of a client's details: who, when, why, and what changed (before and after).</summary>
public sealed class ClientChange
{
    private ClientChange()
    {
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public List<ClientFieldChange> Fields { get; private set; } = [];

    public static ClientChange Record(Guid clientId, IEnumerable<ClientFieldChange> fields, string changedBy, string reason, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ClientId = clientId,
        ChangedAt = now,
        ChangedBy = changedBy,
        Reason = reason.Trim(),
        Fields = [.. fields],
    };
}
