using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class ReferralDeclinedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralDeclinedConsumer> logger) : ReferralProgressConsumer<ReferralDeclined>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralDeclined message) => referral.Apply(message);
}
