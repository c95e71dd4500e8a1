using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class SupervisionAgreementStartedConsumer(OutcomesDbContext db, ILogger<SupervisionAgreementStartedConsumer> logger)
    : IdempotentConsumer<SupervisionAgreementStarted, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionAgreementStarted message, CancellationToken cancellationToken)
    {
        var agreement = await Db.SupervisionAgreements.FindAsync([message.AgreementId], cancellationToken)
            ?? Db.SupervisionAgreements.Add(new SupervisionAgreementRecord { AgreementId = message.AgreementId }).Entity;
        agreement.OrganisationId = message.OrganisationId;
        agreement.WorkerId = message.WorkerId;
        agreement.FrequencyDays = message.FrequencyDays;
        agreement.StartsOn = message.StartsOn;
    }
}
