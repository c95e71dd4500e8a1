using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.Referrals;

/// <summary>Counts a received referral once, however often the event arrives.</summary>
public sealed class ReferralReceivedConsumer(OutcomesDbContext db, ILogger<ReferralReceivedConsumer> logger)
    : IdempotentConsumer<ReferralReceived, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(ReferralReceived message, CancellationToken cancellationToken)
    {
        // The inbox stops redeliveries; the key check also covers the same referral arriving
        // under a different event id (a replay from another source).
        if (await Db.ReceivedReferrals.AnyAsync(r => r.ReferralId == message.ReferralId, cancellationToken))
        {
            return;
        }

        Db.ReceivedReferrals.Add(new ReceivedReferral
        {
            ReferralId = message.ReferralId,
            ClientId = message.ClientId,
            Source = message.Source,
            Priority = message.Priority,
            ReceivedAt = message.OccurredAt,
        });
    }
}
