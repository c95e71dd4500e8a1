using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class PeerWorkerAssignedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<PeerWorkerAssignedConsumer> logger) : ReferralProgressConsumer<PeerWorkerAssigned>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, PeerWorkerAssigned message) => referral.Apply(message);
}
