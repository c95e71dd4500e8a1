using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class EngagementEndedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<EngagementEndedConsumer> logger) : ReferralProgressConsumer<EngagementEnded>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, EngagementEnded message) => referral.Apply(message);
}
