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

    public string NhsNumber { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    public string Locality { get; private set; } = "";

    public string ContactPreferences { get; private set; } = "";

    public string PreferredWorkerGender { get; private set; } = "";

    public string PreferredLanguage { get; private set; } = "";

    public List<string> LivedExperienceAreas { get; private set; } = [];

    public static Client Register(string givenName, string familyName, DateOnly dateOfBirth, NhsNumber nhsNumber, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        GivenName = givenName.Trim(),
        FamilyName = familyName.Trim(),
        DateOfBirth = dateOfBirth,
        NhsNumber = nhsNumber.Value,
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
}
