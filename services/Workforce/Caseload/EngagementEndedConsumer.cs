using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Workforce.Data;

namespace PeerPlatform.Workforce.Caseload;

/// <summary>An ended engagement gives its worker's slot back.</summary>
public sealed class EngagementEndedConsumer(WorkforceDbContext db, TimeProvider clock, ILogger<EngagementEndedConsumer> logger)
    : IdempotentConsumer<EngagementEnded, WorkforceDbContext>(db, logger)
{
    protected override Task HandleAsync(EngagementEnded message, CancellationToken cancellationToken) =>
        Db.ReleaseForReferralAsync(message.ReferralId, clock.GetUtcNow(), cancellationToken);
}
