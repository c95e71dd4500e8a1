using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Workforce.Data;

namespace PeerPlatform.Workforce.Caseload;

/// <summary>A withdrawn referral (or consent) gives back any slot it held.</summary>
public sealed class ReferralWithdrawnConsumer(WorkforceDbContext db, TimeProvider clock, ILogger<ReferralWithdrawnConsumer> logger)
    : IdempotentConsumer<ReferralWithdrawn, WorkforceDbContext>(db, logger)
{
    protected override Task HandleAsync(ReferralWithdrawn message, CancellationToken cancellationToken) =>
        Db.ReleaseForReferralAsync(message.ReferralId, clock.GetUtcNow(), cancellationToken);
}
