using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.Records;

/// <summary>A merge was undone: what it moved goes back to the source client.</summary>
public sealed class ClientMergeUndoneConsumer(OutcomesDbContext db, ILogger<ClientMergeUndoneConsumer> logger) : IdempotentConsumer<ClientMergeUndone, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(ClientMergeUndone message, CancellationToken cancellationToken)
    {
        Guid? source = message.SourceClientId;
        Guid[] referralIds = [.. message.ReferralIds];
        await Db.Referrals.Where(r => referralIds.Contains(r.ReferralId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.ClientId, source), cancellationToken);
        await Db.EngagementNights.Where(n => referralIds.Contains(n.ReferralId)).ExecuteUpdateAsync(s => s.SetProperty(n => n.ClientId, source), cancellationToken);
        var moved = Db.MergedRecords.Where(m => m.MergeId == message.MergeId);
        await Db.HospitalSpells.Where(s => moved.Any(m => m.Kind == MergedKinds.HospitalSpell && m.RecordId == s.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClientId, message.SourceClientId), cancellationToken);
        await Db.QuestionnaireResponses.Where(r => moved.Any(m => m.Kind == MergedKinds.QuestionnaireResponse && m.RecordId == r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SubjectId, message.SourceClientId), cancellationToken);
        await moved.ExecuteDeleteAsync(cancellationToken);
    }
}
