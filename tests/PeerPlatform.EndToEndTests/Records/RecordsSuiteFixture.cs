using System.Globalization;
using Npgsql;

namespace PeerPlatform.EndToEndTests.Records;

/// <summary>
/// The suite with a retention clock the tests control (<c>Records:ClockOffsetFile</c>), in a
/// collection of its own: letting twenty years pass erases every client in that suite, which the
/// other collections' tests must not see.
/// </summary>
public sealed class RecordsSuiteFixture : SuiteFixture
{
    private readonly string clockFile = Path.Combine(Directory.CreateTempSubdirectory("peer-records-clock-").FullName, "offset-days");

    /// <summary>The databases of the suite, each scanned for planted values.</summary>
    public static readonly string[] Databases = ["identitydb", "referraldb", "workforcedb", "supervisiondb", "outcomesdb", "integrationsdb"];

    protected override IEnumerable<string> AdditionalArguments(string dataPath) =>
    [
        $"--Records:ClockOffsetFile={clockFile}",
        // Workforce reviews applicants every second instead of daily, so the test sees it act.
        "--Records:ApplicantReviewInterval=00:00:01",
    ];

    /// <summary>Moves the retention clock <paramref name="days"/> past today (0: back to today).</summary>
    public void LetDaysPass(int days) => File.WriteAllText(clockFile, days.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Every place a value is found in any database: each text, character, JSON and byte column of
    /// every table (bytes compared as UTF-8), and date columns when the value is a date.
    /// </summary>
    public async Task<List<string>> FindAsync(string value)
    {
        var found = new List<string>();
        var isDate = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(DatabaseConnectionString(database));
            await connection.OpenAsync();
            var columns = new List<(string Table, string Column, string Type)>();
            await using (var list = new NpgsqlCommand(
                """
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
                WHERE c.table_schema = 'public'
                  AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY', 'date')
                """,
                connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var (table, column, type) in columns.Where(c => c.Type != "date" || isDate))
            {
                var condition = type switch
                {
                    "bytea" => $"position(convert_to(@value, 'UTF8') IN \"{column}\") > 0",
                    "date" => $"\"{column}\" = @value::date",
                    _ => $"strpos(lower(\"{column}\"::text), lower(@value)) > 0",
                };
                await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {condition}", connection);
                search.Parameters.AddWithValue("value", value);
                if ((long)(await search.ExecuteScalarAsync())! > 0)
                {
                    found.Add($"{database}.{table}.{column}");
                }
            }
        }

        return found;
    }
}

[CollectionDefinition(Name)]
public sealed class RecordsCollection : ICollectionFixture<RecordsSuiteFixture>
{
    public const string Name = "Records management (own suite, retention clock)";
}
