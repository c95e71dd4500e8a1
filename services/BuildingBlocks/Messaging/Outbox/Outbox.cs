using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events;

namespace PeerPlatform.Messaging.Outbox;

/// <summary>
/// Adds integration events to the service's DbContext, so they commit or roll back together with
/// the change that raised them. Nothing reaches the broker until the transaction commits; the
/// commit itself wakes the relays (<see cref="OutboxCommitListener{TDbContext}"/>).
/// </summary>
public sealed class Outbox<TDbContext>(TDbContext db) where TDbContext : DbContext
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public void Add(IIntegrationEvent integrationEvent)
    {
        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = integrationEvent.EventId,
            MessageType = IntegrationEventTypes.UrnOf(integrationEvent.GetType()),
            Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), SerializerOptions),
            OccurredAt = integrationEvent.OccurredAt,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
            NextAttemptAt = integrationEvent.OccurredAt,
        });
    }
}
