using Microsoft.EntityFrameworkCore;
using PeerPlatform.Messaging.Inbox;
using PeerPlatform.Messaging.Outbox;

namespace PeerPlatform.Messaging;

public static class MessagingModelBuilderExtensions
{
    /// <summary>Maps the outbox and inbox tables into a service's own database.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(200);
            outbox.Property(m => m.Payload).HasColumnName("payload").HasColumnType("jsonb");
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(300);
            // The relay claims the oldest unsent rows: in the index's order, so a claim reads one
            // batch of rows, not every unsent row and a sort of them, however long the backlog
            // (docs/decisions/0014).
            outbox.HasIndex(m => new { m.OccurredAt, m.Id }).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(200);
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });

        return modelBuilder;
    }
}
