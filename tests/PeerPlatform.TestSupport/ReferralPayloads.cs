using System.Text.Json.Nodes;
using Google.Protobuf;
using PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.TestSupport;

/// <summary>
/// A valid referral of a new client, the one every test and the benchmark send: a
/// <see cref="CreateReferralRequest"/> for handlers and native gRPC, and the same request as the
/// JSON body of <c>POST /api/referrals</c>. A test that needs other values sets them on the request
/// (protobuf messages are mutable) before sending it or turning it into JSON.
/// </summary>
public static class ReferralPayloads
{
    public const string GivenName = "Alex";

    public const string FamilyName = "Morgan";

    /// <summary>21 March 1984, as the contract writes dates.</summary>
    public const string DateOfBirth = "1984-03-21";

    public const string ReferrerName = "Sam Patel";

    public const string Reason = "Would value support from someone with lived experience.";

    /// <summary>
    /// A referral the service accepts: the client above with <paramref name="nhsNumber"/> (a fresh
    /// valid one unless given, so each call registers a client of its own), a referrer unless the
    /// client referred themself, and <paramref name="priority"/> (left out by default: the service
    /// takes it as routine).
    /// </summary>
    public static CreateReferralRequest Request(
        ReferralSource source = ReferralSource.ClinicalTeam,
        string? nhsNumber = null,
        ReferralPriority priority = ReferralPriority.Unspecified) => new()
        {
            Client = new NewClient { GivenName = GivenName, FamilyName = FamilyName, DateOfBirth = DateOfBirth, NhsNumber = nhsNumber ?? NhsNumbers.Random() },
            Source = source,
            Referrer = source == ReferralSource.Self ? null : new Referrer { Name = ReferrerName, Organisation = "Adult Community Team North", Role = "Care coordinator" },
            Reason = Reason,
            Priority = priority,
        };

    /// <summary><see cref="Request"/> as the JSON body of <c>POST /api/referrals</c>.</summary>
    public static JsonObject Json(
        ReferralSource source = ReferralSource.ClinicalTeam,
        string? nhsNumber = null,
        ReferralPriority priority = ReferralPriority.Unspecified) => Json(Request(source, nhsNumber, priority));

    /// <summary>
    /// <paramref name="request"/> in the contract's JSON mapping, as the gateway's REST routes read
    /// it (lowerCamelCase names, enums by name, fields left at their defaults omitted).
    /// </summary>
    public static JsonObject Json(CreateReferralRequest request) => JsonNode.Parse(JsonFormatter.Default.Format(request))!.AsObject();
}
