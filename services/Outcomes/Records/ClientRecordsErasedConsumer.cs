using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.Records;

/// <summary>
/// A client was erased: Outcomes keeps what its figures are made of and cuts every link to the
/// person. One new random id stands for them in every table (so distinct-client counts and the
/// report's joins of spells to engagements come out the same; nothing maps it back); a spell's
/// provider id and a response's answers and external id go. Idempotency answers naming any of
/// the records go too. The audit trail records that the erasure happened.
/// </summary>
public sealed class ClientRecordsErasedConsumer(OutcomesDbContext db, IAuditTrail audit, ILogger<ClientRecordsErasedConsumer> logger)
    : IdempotentConsumer<ClientRecordsErased, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(ClientRecordsErased message, CancellationToken cancellationToken)
    {
        Guid? clientId = message.ClientId;
        var anonymous = (Guid?)Guid.NewGuid();
        Guid[] referralIds = [.. message.ReferralIds];
        var spellIds = await Db.HospitalSpells.Where(s => s.ClientId == message.ClientId).Select(s => s.Id).ToListAsync(cancellationToken);
        var responseIds = await Db.QuestionnaireResponses.Where(r => r.SubjectId == message.ClientId).Select(r => r.Id).ToListAsync(cancellationToken);

        await Db.Referrals.Where(r => r.ClientId == clientId || referralIds.Contains(r.ReferralId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClientId, anonymous), cancellationToken);
        await Db.EngagementNights.Where(n => n.ClientId == message.ClientId || referralIds.Contains(n.ReferralId))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClientId, anonymous), cancellationToken);
        await Db.HospitalSpells.Where(s => s.ClientId == message.ClientId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClientId, anonymous!.Value).SetProperty(x => x.ProviderSpellId, x => "erased-" + x.Id.ToString()), cancellationToken);
        await Db.QuestionnaireResponses.Where(r => r.SubjectId == message.ClientId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SubjectId, anonymous!.Value).SetProperty(r => r.Answers, new List<int>()).SetProperty(r => r.ExternalResponseId, (string?)null), cancellationToken);

        await Db.ForgetAnswersNamingAsync([message.ClientId, .. referralIds, .. spellIds, .. responseIds], cancellationToken);
        audit.Add(AuditedRecords.Client, message.ClientId.ToString(), AuditAction.Delete);
    }
}
