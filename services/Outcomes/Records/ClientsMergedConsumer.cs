using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.Records;

/// <summary>Two client records were merged: their referrals, spells and responses now belong to the target.</summary>
public sealed class ClientsMergedConsumer(OutcomesDbContext db, ILogger<ClientsMergedConsumer> logger) : IdempotentConsumer<ClientsMerged, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(ClientsMerged message, CancellationToken cancellationToken)
    {
        Guid? target = message.TargetClientId;
        Guid[] referralIds = [.. message.ReferralIds];
        await Db.Referrals.Where(r => referralIds.Contains(r.ReferralId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.ClientId, target), cancellationToken);
        await Db.EngagementNights.Where(n => referralIds.Contains(n.ReferralId)).ExecuteUpdateAsync(s => s.SetProperty(n => n.ClientId, target), cancellationToken);
        var spells = await Db.HospitalSpells.Where(s => s.ClientId == message.SourceClientId).Select(s => s.Id).ToListAsync(cancellationToken);
        var responses = await Db.QuestionnaireResponses.Where(r => r.SubjectId == message.SourceClientId).Select(r => r.Id).ToListAsync(cancellationToken);
        await Db.HospitalSpells.Where(s => spells.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.ClientId, message.TargetClientId), cancellationToken);
        await Db.QuestionnaireResponses.Where(r => responses.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.SubjectId, message.TargetClientId), cancellationToken);
        Db.MergedRecords.AddRange(spells.Select(id => new MergedRecord { MergeId = message.MergeId, Kind = MergedKinds.HospitalSpell, RecordId = id }));
        Db.MergedRecords.AddRange(responses.Select(id => new MergedRecord { MergeId = message.MergeId, Kind = MergedKinds.QuestionnaireResponse, RecordId = id }));
    }
}
