using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class ReferralAcceptedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralAcceptedConsumer> logger) : ReferralProgressConsumer<ReferralAccepted>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralAccepted message) => referral.Apply(message);
}
