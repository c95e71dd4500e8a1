using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.SharedKernel;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.Referral.Records;

/// <summary>Where a client's records are held, each gathered through that service's own API.</summary>
internal static class ClientDataSources
{
    public const string Referral = "referral";
    public const string Outcomes = "outcomes";

    public static readonly IReadOnlyList<string> All = [Referral, Outcomes];

    /// <summary>How each source was asked, for the manifest.</summary>
    public static string Via(string source) => source switch
    {
        Referral => "the Referral service's own database (this service)",
        Outcomes => "gRPC peer.records.v1.ClientDataSource/ExportClientData on the Outcomes service",
        _ => source,
    };

    /// <summary>Services that hold nothing about clients by design, named in the manifest so the answer is complete.</summary>
    public static readonly IReadOnlyDictionary<string, string> HoldNothing = new Dictionary<string, string>
    {
        ["workforce"] = "Peer workers, teams and training; clients appear only as referral ids on caseload reservations.",
        ["supervision"] = "Supervision of peer workers by partner organisations; nothing about clients.",
        ["integrations"] = "Events with ids only (no names or details), kept for the event feed's retention (30 days by default).",
        ["identity"] = "Sign-in accounts of staff and partner users; clients do not sign in.",
    };
}

/// <summary>Everything the Referral service holds about one client, as the export's "referral" part.</summary>
internal sealed class ReferralClientData(ReferralDbContext db, IOptions<ProgrammeTargets> targets, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonFormatter ApiJson = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public async Task<R.ClientDataExport> GatherAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var clientIds = await db.Clients.AsNoTracking().Where(c => c.Id == clientId || c.MergedInto == clientId).Select(c => c.Id).ToListAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var referrals = await db.Referrals.AsNoTracking().Include(r => r.History).Where(r => clientIds.Contains(r.ClientId)).ToListAsync(cancellationToken);
        var referralIds = referrals.Select(r => r.Id).ToList();
        var contacts = await db.PeerContacts.AsNoTracking().Where(c => referralIds.Contains(c.ReferralId)).OrderBy(c => c.ContactAt).ToListAsync(cancellationToken);
        var changes = await db.ClientChanges.AsNoTracking().Where(c => clientIds.Contains(c.ClientId)).OrderBy(c => c.ChangedAt).ToListAsync(cancellationToken);
        var merges = await db.ClientMerges.AsNoTracking().Where(m => clientIds.Contains(m.SourceClientId) || clientIds.Contains(m.TargetClientId)).ToListAsync(cancellationToken);
        var holds = await db.LegalHolds.AsNoTracking().Where(h => clientIds.Contains(h.ClientId)).ToListAsync(cancellationToken);
        var erasureRequests = await db.ErasureRequests.AsNoTracking().Where(r => clientIds.Contains(r.ClientId)).ToListAsync(cancellationToken);
        string[] recordIds = [.. clientIds.Concat(referralIds).Select(id => id.ToString())];
        var audit = await db.Set<AuditRecord>().AsNoTracking().Where(a => recordIds.Contains(a.RecordId)).OrderBy(a => a.Id).ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        return new R.ClientDataExport
        {
            Source = ClientDataSources.Referral,
            GatheredAt = Timestamp.FromDateTimeOffset(now),
            Sections =
            {
                Section("client", "The client's identifying details and preferences (and any duplicate record merged into it).", clients.Select(c => Api(c.ToContract()))),
                Section("client_changes", "Corrections of the client's details: who, when, why, before and after.", changes.Select(c => Plain(c))),
                Section("referrals", "Referrals for peer support, with every status change.", referrals.Select(r => Api(r.ToContract(targets.Value, now)))),
                Section("peer_contacts", "Contacts with peer workers, with the notes recorded.", contacts.Select(c => Plain(new { c.Id, c.ReferralId, c.ContactAt, c.DurationMinutes, Mode = c.Mode.ToString(), c.Notes, c.RecordedBy, c.RecordedAt }))),
                Section("client_merges", "Records of this person merged together.", merges.Select(m => Plain(m))),
                Section("legal_holds", "Legal holds on the client's records.", holds.Select(h => Plain(h))),
                Section("erasure_requests", "Requests to erase the client's data and the decisions.", erasureRequests.Select(r => Plain(new { r.Id, r.ClientId, r.ReceivedOn, r.RespondBy, Decision = r.Decision.ToString(), r.Reason, r.DecidedAt, r.DecidedBy, r.ErasedAt }))),
                Section("audit_records", "Every recorded access to these records in the Referral service: who, when, what and the outcome.", audit.Select(a => Plain(new { a.OccurredAt, a.ClientId, a.Role, a.PartnerOrganisation, a.PersonId, a.RecordType, a.RecordId, Action = a.Action.ToString(), Outcome = a.Outcome.ToString() }))),
            },
        };
    }

    private static JsonNode Api(IMessage message) => JsonNode.Parse(ApiJson.Format(message))!;

    private static JsonNode Plain(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Json)!;

    public static R.RecordSection Section(string name, string description, IEnumerable<JsonNode> records)
    {
        var array = new JsonArray([.. records]);
        return new R.RecordSection { Name = name, Description = description, RecordCount = array.Count, Json = array.ToJsonString() };
    }
}
