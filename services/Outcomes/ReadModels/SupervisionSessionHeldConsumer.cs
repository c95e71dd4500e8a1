using PeerPlatform.Contracts.Events.Supervision;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.ReadModels;

public sealed class SupervisionSessionHeldConsumer(OutcomesDbContext db, ILogger<SupervisionSessionHeldConsumer> logger)
    : IdempotentConsumer<SupervisionSessionHeld, OutcomesDbContext>(db, logger)
{
    protected override async Task HandleAsync(SupervisionSessionHeld message, CancellationToken cancellationToken)
    {
        if (await Db.HeldSupervisionSessions.FindAsync([message.SessionId], cancellationToken) is null)
        {
            Db.HeldSupervisionSessions.Add(new HeldSupervisionSession
            {
                SessionId = message.SessionId,
                OrganisationId = message.OrganisationId,
                HeldOn = message.HeldOn,
                WorkerIds = message.WorkerIds.ToList(),
            });
        }
    }
}
