using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace PeerPlatform.Messaging.Inbox;

/// <summary>The consumer transaction and its inbox claim, shared by one-message and group commits.</summary>
internal static class InboxClaims
{
    private const string ClaimSql = """
        INSERT INTO inbox_messages (message_id, consumer, message_type, processed_at)
        SELECT m.message_id, m.consumer, m.message_type, $4
        FROM unnest($1::uuid[], $2::text[], $3::text[]) AS m (message_id, consumer, message_type)
        ON CONFLICT DO NOTHING
        RETURNING message_id, consumer
        """;

    /// <summary>
    /// Begins a consumer transaction. A failure rolls all of it back, so EF's savepoint around
    /// SaveChanges would only add two round trips.
    /// </summary>
    public static Task<IDbContextTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the inbox rows of <paramref name="messages"/> in one statement; true for each one
    /// claimed now. A row already there (applied before, or by a concurrent delivery that
    /// committed first: this statement waits for it) is not claimed, and of two deliveries of one
    /// message in the list only the first is.
    /// </summary>
    public static async Task<bool[]> ClaimAsync(
        DbContext db, IDbContextTransaction transaction, IReadOnlyList<(Guid MessageId, string Consumer, string MessageType)> messages,
        DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(ClaimSql, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. messages.Select(m => m.MessageId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Consumer)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.MessageType)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = processedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var inserted = new HashSet<(Guid, string)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        // Removed as claimed, so a second delivery of the same message in this list is not.
        return [.. messages.Select(m => inserted.Remove((m.MessageId, m.Consumer)))];
    }
}
