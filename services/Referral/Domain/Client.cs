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

    public static Client Register(string givenName, string familyName, DateOnly dateOfBirth, NhsNumber nhsNumber, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        GivenName = givenName.Trim(),
        FamilyName = familyName.Trim(),
        DateOfBirth = dateOfBirth,
        NhsNumber = nhsNumber.Value,
        RegisteredAt = now,
    };
}
