using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PeerPlatform.Persistence;

namespace PeerPlatform.Auditing;

/// <summary>
/// Group commit for audit records written on their own (reads, lists, denials). A caller that
/// finds one of <see cref="MaxConcurrentInserts"/> inserts free writes its record itself, at once,
/// with any records queued behind it; records that arrive while every insert is busy queue and go
/// together in the next one. Quiet, a read costs what it did (one insert, no hand-over to another
/// thread); busy, a read costs a share of one INSERT and one commit instead of a transaction of its
/// own, and reads wait behind at most a few inserts. A caller is answered only after its record has
/// committed, so no personal data leaves the service unaudited. A group that fails for a reason
/// other than an outage is written again one record at a time, so only the record that cannot be
/// written fails its call.
/// </summary>
public sealed class AuditGroupWriter<TDbContext> : IAsyncDisposable
    where TDbContext : DbContext
{
    /// <summary>Bounded so one statement stays small; a busy service fills it only in bursts.</summary>
    public const int MaxGroupSize = 128;

    /// <summary>
    /// Inserts in flight at once. One would make every read queue behind the insert before it
    /// (docs/decisions/0012); a few keep that wait short while groups still form under load.
    /// </summary>
    public const int MaxConcurrentInserts = 4;

    // Column types as the model maps them: the enums are stored by name.
    private const string InsertSql = """
        INSERT INTO audit_records (occurred_at, client_id, role, partner_organisation, record_type, record_id, action, outcome, trace_id, person_id, person_role)
        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
        """;

    // Guarded by its own lock, so a group takes everything queued at one moment.
    private readonly Queue<PendingRecord> pending = new();
    private readonly SemaphoreSlim inserts = new(MaxConcurrentInserts, MaxConcurrentInserts);
    private readonly CancellationTokenSource stopping = new();
    private readonly IServiceScopeFactory scopes;
    private readonly ILogger logger;

    public AuditGroupWriter(IServiceScopeFactory scopes, ILogger<AuditGroupWriter<TDbContext>> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
    }

    /// <summary>Writes <paramref name="record"/>, alone or in a group; completes when it has committed.</summary>
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        var work = new PendingRecord(record);
        lock (pending)
        {
            pending.Enqueue(work);
        }

        if (inserts.Wait(0))
        {
            await InsertQueuedAsync();
        }

        // A caller that gives up is not answered; its record is still written (the attempt is a fact).
        await work.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Entered holding one insert slot: writes what is queued as one group and frees the slot. If
    /// records were queued meanwhile while every slot was busy, their callers are waiting for a
    /// free slot to take them: one is started for them here, on its own, so that this caller is
    /// not kept waiting for other callers' records.
    /// </summary>
    private async Task InsertQueuedAsync()
    {
        try
        {
            var group = new List<PendingRecord>();
            lock (pending)
            {
                while (group.Count < MaxGroupSize && pending.TryDequeue(out var work))
                {
                    group.Add(work);
                }
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
            }
        }
        finally
        {
            inserts.Release();
        }

        if (AnyQueued() && !stopping.IsCancellationRequested && inserts.Wait(0))
        {
            _ = DetachedTask.Run(InsertQueuedAsync);
        }
    }

    private bool AnyQueued()
    {
        lock (pending)
        {
            return pending.Count > 0;
        }
    }

    private async Task WriteGroupAsync(List<PendingRecord> group)
    {
        AuditMetrics.GroupSize.Record(group.Count);
        await GroupCommitFailures.CommitAsync(
            group,
            async members =>
            {
                await InsertAsync(members);
                foreach (var work in members)
                {
                    work.Committed.TrySetResult();
                }
            },
            (work, failure) => work.Committed.TrySetException(failure),
            () => stopping.IsCancellationRequested, logger, "audit records");
    }

    /// <summary>One statement, committed on its own (autocommit), whatever the callers' units of work do.</summary>
    private async Task InsertAsync(IReadOnlyList<PendingRecord> group)
    {
        // A lone record belongs to its caller's trace; a group's span (in the trace of the caller
        // writing it, if any) links every caller's.
        using var activity = group.Count == 1
            ? AuditMetrics.ActivitySource.StartActivity("audit insert", ActivityKind.Internal, group[0].Trace)
            : AuditMetrics.ActivitySource.StartActivity("audit group insert", ActivityKind.Internal, parentContext: default,
                links: group.Where(w => w.Trace != default).Select(w => new ActivityLink(w.Trace)));
        activity?.SetTag("peer.audit.record_count", group.Count);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.OpenConnectionAsync(stopping.Token);
        try
        {
            await using var command = new NpgsqlCommand(InsertSql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. group.Select(w => w.Record.OccurredAt)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(Texts(group, r => r.ClientId));
            command.Parameters.Add(Texts(group, r => r.Role));
            command.Parameters.Add(Texts(group, r => r.PartnerOrganisation));
            command.Parameters.Add(Texts(group, r => r.RecordType));
            command.Parameters.Add(Texts(group, r => r.RecordId));
            command.Parameters.Add(Texts(group, r => r.Action.ToString()));
            command.Parameters.Add(Texts(group, r => r.Outcome.ToString()));
            command.Parameters.Add(Texts(group, r => r.TraceId));
            command.Parameters.Add(Texts(group, r => r.PersonId));
            command.Parameters.Add(Texts(group, r => r.PersonRole));
            await command.ExecuteNonQueryAsync(stopping.Token);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlParameter<string?[]> Texts(IReadOnlyList<PendingRecord> group, Func<AuditRecord, string?> value) =>
        new() { TypedValue = [.. group.Select(w => value(w.Record))], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        // Callers still queued are refused, so nothing unaudited is disclosed.
        lock (pending)
        {
            while (pending.TryDequeue(out var work))
            {
                work.Committed.TrySetException(new OperationCanceledException("The service is stopping; the audit record was not written."));
            }
        }
    }

    private sealed class PendingRecord(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The caller's trace, parent or link of the insert's span.</summary>
        public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;
    }
}

public static class AuditMetrics
{
    public const string MeterName = "PeerPlatform.Auditing";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Spans of audit inserts (the service defaults trace every "PeerPlatform.*" source).</summary>
    internal static readonly ActivitySource ActivitySource = new(MeterName);

    /// <summary>Records per audit group insert: near 1 when idle, larger under load.</summary>
    internal static readonly Histogram<int> GroupSize = Meter.CreateHistogram(
        "peer.audit.group_size", "{record}", "Audit records inserted and committed together in one statement",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
}
