using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class ReferralReceivedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralReceivedConsumer> logger) : ReferralProgressConsumer<ReferralReceived>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralReceived message) => referral.Apply(message);
}
