using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class InformationGivenConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<InformationGivenConsumer> logger) : ReferralProgressConsumer<InformationGiven>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, InformationGiven message) => referral.Apply(message);
}
