using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class ConsentRecordedConsumer(InboxGroupCommit<OutcomesDbContext> groups, ILogger<ConsentRecordedConsumer> logger) : ReferralProgressConsumer<ConsentRecorded>(groups, logger)
{
    protected override void Apply(ReferralProgress referral, ConsentRecorded message) => referral.Apply(message);
}
