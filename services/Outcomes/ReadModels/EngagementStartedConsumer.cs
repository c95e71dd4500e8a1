using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class EngagementStartedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<EngagementStartedConsumer> logger) : ReferralProgressConsumer<EngagementStarted>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, EngagementStarted message) => referral.Apply(message);
}
