using System.Net.Http.Json;
using Npgsql;
using PeerPlatform.Bench.Load;

namespace PeerPlatform.Bench.Scenarios;

/// <summary>
/// Creating a referral through the gateway (client, referral, its history row, the outbox row and
/// the audit records in one transaction, behind token validation, validation and the gateway)
/// against raw Npgsql inserting copies of exactly those rows in one transaction.
/// </summary>
public static class CreateScenario
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSuite suite, BenchSettings settings, string token, TextWriter log)
    {
        using var gateway = ReadScenarios.Client(suite.Gateway, token);
        var template = await RowTemplates.OfReferralAsync(suite.DatabaseConnectionString("referraldb"), await ReadScenarios.CreateReferralAsync(gateway));

        var throughGateway = await LoadGenerator.ClosedLoopAsync("create through the gateway", settings.Concurrency, settings.Warmup, settings.Duration, async ct =>
        {
            using var response = await gateway.PostAsJsonAsync("/api/referrals", ReadScenarios.NewReferral(), ct);
            return LoadGenerator.Succeeded(response);
        });
        log.WriteLine(throughGateway);

        await using var dataSource = NpgsqlDataSource.Create(suite.DatabaseConnectionString("referraldb"));
        var raw = await LoadGenerator.ClosedLoopAsync("raw Npgsql, same rows", settings.Concurrency, settings.Warmup, settings.Duration, async ct =>
        {
            await template.InsertCopyAsync(dataSource, ct);
            return true;
        });
        log.WriteLine(raw);

        // CPU per create against the raw transaction's whole CPU (its client and PostgreSQL), both
        // from this run: Referral's own, and the whole pipeline's (Referral, PostgreSQL, the
        // gateway, the broker, Outcomes applying the event). Throughput is shown, not judged: on
        // two shared cores it measured the machine as much as the code.
        var ratio = throughGateway.Throughput / raw.Throughput;
        var rawCpu = raw.CpuMsPerCall();
        var referralCpu = throughGateway.CpuMsPerCall("Referral");
        var pipelineCpu = throughGateway.CpuMsPerCall("Referral", "PostgreSQL", "Gateway", "RabbitMQ", "Outcomes");
        var baseline = $"raw Npgsql, same {template.RowCount} rows in one transaction: {Format.Ms(rawCpu)} CPU";
        var throughput = $"throughput {Format.PerSecond(throughGateway.Throughput)} against raw {Format.PerSecond(raw.Throughput)} ({Format.Times(ratio)})";
        return
        [
            new Figure("Create a referral through the gateway: Referral's CPU per create (client, referral, history, outbox, audit in one transaction)",
                $"{Format.Ms(referralCpu)} CPU", baseline, Format.Times(referralCpu / rawCpu), "≤ 1.2×", double.IsNaN(rawCpu) ? null : referralCpu / rawCpu <= 1.2,
                throughput, Problem: ReadScenarios.Failures(throughGateway, raw), Gate: new("create.referral_cpu_ratio", referralCpu / rawCpu, HigherIsBetter: false)),
            new Figure("Create a referral through the gateway: the whole pipeline's CPU per create (Referral, PostgreSQL, gateway, RabbitMQ, Outcomes)",
                $"{Format.Ms(pipelineCpu)} CPU", baseline, Format.Times(pipelineCpu / rawCpu), "≤ 3.0×", double.IsNaN(rawCpu) ? null : pipelineCpu / rawCpu <= 3.0,
                Gate: new("create.pipeline_cpu_ratio", pipelineCpu / rawCpu, HigherIsBetter: false)),
        ];
    }
}

/// <summary>
/// The rows one create wrote, read back from the database, and inserted again as copies with new
/// keys: the baseline writes exactly what the service writes, column for column, without
/// repeating the schema here.
/// </summary>
public sealed class RowTemplates
{
    private readonly List<(string Table, string[] Columns, string[] Types, object?[] Values)> rows = [];
    private readonly Guid clientId;
    private readonly Guid referralId;
    private readonly string nhsNumber;
    private long sequence = DateTime.UtcNow.Ticks % 1_000_000_000;

    private RowTemplates(Guid clientId, Guid referralId, string nhsNumber) =>
        (this.clientId, this.referralId, this.nhsNumber) = (clientId, referralId, nhsNumber);

    public int RowCount => rows.Count;

    /// <summary>The ReferralReceived outbox row, for scenarios that publish events.</summary>
    public (string[] Columns, string[] Types, object?[] Values) OutboxRow => rows.Where(r => r.Table == "outbox_messages").Select(r => (r.Columns, r.Types, r.Values)).First();

    public Guid TemplateReferralId => referralId;

    public Guid TemplateClientId => clientId;

    public static async Task<RowTemplates> OfReferralAsync(string connectionString, string referralIdText)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var referralId = Guid.Parse(referralIdText);
        var clientId = (Guid)(await ScalarAsync(connection, "SELECT client_id FROM referrals WHERE id = @r", referralId))!;
        var nhsNumber = (string)(await ScalarAsync(connection, "SELECT nhs_number FROM clients WHERE id = @c", referralId, clientId))!;
        var templates = new RowTemplates(clientId, referralId, nhsNumber);
        await templates.ReadAsync(connection, "clients", "id = @c", referralId, clientId);
        await templates.ReadAsync(connection, "referrals", "id = @r", referralId, clientId);
        await templates.ReadAsync(connection, "referral_status_changes", "referral_id = @r", referralId, clientId);
        await templates.ReadAsync(connection, "outbox_messages", "payload::text LIKE '%' || @r::text || '%'", referralId, clientId);
        await templates.ReadAsync(connection, "audit_records", "record_id IN (@r::text, @c::text)", referralId, clientId);
        return templates;
    }

    /// <summary>Inserts a copy of every row in one transaction, with new ids and a new NHS number.</summary>
    public async Task InsertCopyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (newClient, newReferral) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var newNhs = (Interlocked.Increment(ref sequence) % 10_000_000_000).ToString("D10");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (table, columns, types, values) in rows)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1)))})");
            var rowId = Guid.CreateVersion7();
            for (var i = 0; i < columns.Length; i++)
            {
                // Typed as the column is (jsonb, arrays, enums' text), as the service's own statements are.
                command.Parameters.Add(new NpgsqlParameter { Value = Substitute(columns[i], values[i], newClient, newReferral, newNhs, rowId) ?? DBNull.Value, DataTypeName = types[i] });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private object? Substitute(string column, object? value, Guid newClient, Guid newReferral, string newNhs, Guid rowId) => value switch
    {
        Guid id when id == clientId => newClient,
        Guid id when id == referralId => newReferral,
        Guid when column is "id" => rowId,
        string text when text == nhsNumber => newNhs,
        string text when text.Contains(referralId.ToString(), StringComparison.Ordinal) || text.Contains(clientId.ToString(), StringComparison.Ordinal) =>
            text.Replace(referralId.ToString(), newReferral.ToString(), StringComparison.Ordinal).Replace(clientId.ToString(), newClient.ToString(), StringComparison.Ordinal),
        _ => value,
    };

    private async Task ReadAsync(NpgsqlConnection connection, string table, string where, Guid referralId, Guid clientId)
    {
        var identity = new HashSet<string>();
        await using (var columns = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_name = @t AND (is_identity = 'YES' OR is_generated = 'ALWAYS')", connection))
        {
            columns.Parameters.AddWithValue("t", table);
            await using var reader = await columns.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                identity.Add(reader.GetString(0));
            }
        }

        await using var command = new NpgsqlCommand($"SELECT * FROM {table} WHERE {where}", connection);
        command.Parameters.AddWithValue("r", referralId);
        command.Parameters.AddWithValue("c", clientId);
        await using var rowsReader = await command.ExecuteReaderAsync();
        while (await rowsReader.ReadAsync())
        {
            var keep = Enumerable.Range(0, rowsReader.FieldCount).Where(i => !identity.Contains(rowsReader.GetName(i))).ToArray();
            rows.Add((table, keep.Select(rowsReader.GetName).ToArray(), keep.Select(rowsReader.GetDataTypeName).ToArray(),
                keep.Select(i => rowsReader.IsDBNull(i) ? null : rowsReader.GetValue(i)).ToArray()));
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, Guid referralId, Guid? clientId = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("r", referralId);
        command.Parameters.AddWithValue("c", clientId ?? Guid.Empty);
        return await command.ExecuteScalarAsync();
    }
}
