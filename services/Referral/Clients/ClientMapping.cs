using Google.Protobuf.WellKnownTypes;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Clients;

internal static class ClientMapping
{
    /// <summary>A record merged into another answers with the other's id, so the caller follows it.</summary>
    public static Domain.Client Open(this Domain.Client client) =>
        client.MergedInto is { } target
            ? throw new DomainRuleViolationException($"This client record was merged into {target}, the record of the same person; read that one.")
            : client;

    /// <summary>A client's identifying record as the API answers it (personal data: callers audit the read).</summary>
    public static C.Client ToContract(this Domain.Client client) => new()
    {
        ClientId = client.Id.ToString(),
        GivenName = client.GivenName,
        FamilyName = client.FamilyName,
        DateOfBirth = client.DateOfBirth.ToIsoDate(),
        NhsNumber = client.NhsNumber ?? "",
        RegisteredAt = Timestamp.FromDateTimeOffset(client.RegisteredAt),
        Locality = client.Locality,
        ContactPreferences = client.ContactPreferences,
        Preferences = new C.MatchingPreferences
        {
            WorkerGender = client.PreferredWorkerGender,
            Language = client.PreferredLanguage,
            LivedExperienceAreas = { client.LivedExperienceAreas },
        },
    };
}
