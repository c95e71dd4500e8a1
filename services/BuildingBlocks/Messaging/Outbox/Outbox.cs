using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events;

namespace PeerPlatform.Messaging.Outbox;

/// <summary>
/// Adds integration events to the service's DbContext, so they commit or roll back together with
/// the change that raised them. Nothing reaches the broker until the transaction commits.
/// </summary>
public sealed class Outbox<TDbContext>(TDbContext db, OutboxSignal signal) : IDisposable where TDbContext : DbContext
{
    private bool wakesRelay;

    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public void Add(IIntegrationEvent integrationEvent)
    {
        if (!wakesRelay)
        {
            // Wake the relay once SaveChanges has committed. Inside an explicit transaction the
            // rows are not visible until commit; the relay's next poll finds them then.
            db.SavedChanges += WakeRelay;
            wakesRelay = true;
        }

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

    private void WakeRelay(object? sender, SavedChangesEventArgs e)
    {
        if (db.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
    }

    /// <summary>The DbContext outlives this scope when it is pooled: its handler must not.</summary>
    public void Dispose() => db.SavedChanges -= WakeRelay;
}
