using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class ReferralWithdrawnConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ReferralWithdrawnConsumer> logger) : ReferralProgressConsumer<ReferralWithdrawn>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ReferralWithdrawn message) => referral.Apply(message);
}
