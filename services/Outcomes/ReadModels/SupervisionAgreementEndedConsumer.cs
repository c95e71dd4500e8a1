using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class SupervisionAgreementEndedConsumer(OutcomesDbContext db, ILogger<SupervisionAgreementEndedConsumer> logger)
    : IdempotentConsumer<SupervisionAgreementEnded, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionAgreementEnded message, CancellationToken cancellationToken)
    {
        var agreement = await Db.SupervisionAgreements.FindAsync([message.AgreementId], cancellationToken)
            ?? Db.SupervisionAgreements.Add(new SupervisionAgreementRecord { AgreementId = message.AgreementId }).Entity;
        agreement.OrganisationId = message.OrganisationId;
        agreement.WorkerId = message.WorkerId;
        agreement.EndsOn = message.EndsOn;
    }
}
