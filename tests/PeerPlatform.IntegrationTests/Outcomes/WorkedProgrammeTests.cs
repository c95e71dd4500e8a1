using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.IntegrationTests.Outcomes;

/// <summary>
/// The worked programme in docs/outcomes.md, loaded into a real Outcomes database: the report's
/// CSV rows must be the figures the document works out by hand, for the trust's own report and for
/// publication. The expected values are read from the document's table, so the two cannot drift.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class WorkedProgrammeTests(InfrastructureFixture infrastructure)
{
    private static readonly Guid W1 = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid W2 = Guid.Parse("00000000-0000-0000-0000-0000000000a2");

    [Fact]
    public async Task The_worked_programme_in_the_definitions_gives_the_figures_worked_by_hand()
    {
        var expected = DocumentedFigures();
        Assert.True(expected.Count >= 30, $"docs/outcomes.md lists the worked programme's figures ({expected.Count} found)");

        var host = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("worked"));
        try
        {
            await host.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OutcomesDbContext>();
                db.Workers.AddRange(
                    new WorkerRecord { WorkerId = W1, TeamId = Guid.NewGuid(), Capacity = 9, StartedOn = new DateOnly(2025, 6, 1) },
                    new WorkerRecord { WorkerId = W2, TeamId = Guid.NewGuid(), Capacity = 9, StartedOn = new DateOnly(2025, 6, 1), LeftOn = new DateOnly(2026, 2, 1) });
                db.Referrals.AddRange(Referrals());
                db.HospitalSpells.AddRange(Spells());
                db.SupervisionAgreements.AddRange(
                    new SupervisionAgreementRecord { AgreementId = Guid.NewGuid(), OrganisationId = "org-mind-north", WorkerId = W1, FrequencyDays = 28, StartsOn = new DateOnly(2026, 1, 1) },
                    new SupervisionAgreementRecord { AgreementId = Guid.NewGuid(), OrganisationId = "org-mind-north", WorkerId = W2, FrequencyDays = 28, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 2, 1) });
                db.HeldSupervisionSessions.Add(new HeldSupervisionSession { SessionId = Guid.NewGuid(), OrganisationId = "org-mind-north", HeldOn = new DateOnly(2026, 3, 20), WorkerIds = [W1] });
                return await db.SaveChangesAsync();
            });

            foreach (var forPublication in new[] { false, true })
            {
                var report = await host.WithScopeAsync(sp => sp.GetRequiredService<GetProgrammeReportHandler>()
                    .HandleAsync(new C.GetProgrammeReportRequest { From = "2026-01-01", To = "2026-03-31", ForPublication = forPublication }, default));
                var rows = CsvRows(ExportProgrammeReportHandler.ToCsv(report).Data.ToStringUtf8());
                foreach (var (figure, (trust, published)) in expected)
                {
                    Assert.True(rows.TryGetValue(figure, out var actual), $"the report has a row {figure}");
                    Assert.True((forPublication ? published : trust) == actual, $"{figure} {(forPublication ? "published" : "in the trust's report")}: the document says {(forPublication ? published : trust)}, the report {actual}");
                }
            }
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    private static ReferralProgress Referral(int n, string source, string received, string? informed = null, bool? consented = null, bool accepted = false, string? declined = null,
        Guid? worker = null, string? firstContact = null, string? withdrawn = null) => new()
        {
            ReferralId = Guid.Parse($"00000000-0000-0000-0001-{n:D12}"),
            ClientId = Guid.Parse($"00000000-0000-0000-0002-{n:D12}"),
            Source = source,
            Priority = "routine",
            ReceivedAt = DateTimeOffset.Parse(received),
            InformationGivenOn = informed is null ? null : DateOnly.Parse(informed),
            Consented = consented,
            AcceptedAt = accepted ? DateTimeOffset.Parse(received).AddDays(2) : null,
            DeclineOutcome = declined,
            WorkerId = worker,
            WorkerAssignedAt = worker is null ? null : DateTimeOffset.Parse(received).AddDays(3),
            FirstContactAt = firstContact is null ? null : DateTimeOffset.Parse(firstContact),
            WithdrawnAt = withdrawn is null ? null : DateTimeOffset.Parse(withdrawn),
        };

    // Referrals A–H of the document, in order.
    private static IEnumerable<ReferralProgress> Referrals() =>
    [
        Referral(1, "gp", "2026-01-05T10:00:00Z", "2026-01-06", true, true, worker: W1, firstContact: "2026-01-12T10:00:00Z"),
        Referral(2, "self", "2026-01-10T23:30:00Z", "2026-01-10", true, true, worker: W1, firstContact: "2026-01-11T09:00:00Z"),
        Referral(3, "clinical_team", "2026-01-15T12:00:00Z", "2026-01-16", true, true, worker: W2, firstContact: "2026-02-10T12:00:00Z", withdrawn: "2026-03-01T12:00:00Z"),
        // D's worker (W2) left; D was re-matched to W1: the read model holds the latest worker and the first start.
        Referral(4, "clinical_team", "2026-01-20T12:00:00Z", "2026-01-21", true, true, worker: W1, firstContact: "2026-01-25T12:00:00Z"),
        Referral(5, "gp", "2026-02-01T12:00:00Z", "2026-02-02", false, declined: "client_declined"),
        Referral(6, "clinical_team", "2026-02-03T12:00:00Z", "2026-02-04", true, declined: "not_accepted"),
        Referral(7, "self", "2026-02-10T12:00:00Z", "2026-02-11"),
        Referral(8, "clinical_team", "2026-03-20T12:00:00Z"),
    ];

    private static IEnumerable<HospitalSpell> Spells()
    {
        HospitalSpell Spell(int client, string admitted, string? discharged) => new()
        {
            Id = Guid.NewGuid(),
            ProviderSpellId = Guid.NewGuid().ToString("N"),
            ClientId = Guid.Parse($"00000000-0000-0000-0002-{client:D12}"),
            AdmittedOn = DateOnly.Parse(admitted),
            DischargedOn = discharged is null ? null : DateOnly.Parse(discharged),
            UpdatedAt = DateTimeOffset.UtcNow,
        };

        return
        [
            Spell(1, "2025-10-01", "2025-10-11"),
            Spell(1, "2026-03-01", "2026-03-01"),
            Spell(2, "2025-12-20", "2026-01-15"),
            Spell(4, "2026-06-01", "2026-06-08"),
        ];
    }

    /// <summary>"section.figure" → (value in the trust's report, value published), from the document's table.</summary>
    private static Dictionary<string, (string Trust, string Published)> DocumentedFigures()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "outcomes.md"));
        var table = text[text.IndexOf("<!-- worked-programme:begin -->", StringComparison.Ordinal)..text.IndexOf("<!-- worked-programme:end -->", StringComparison.Ordinal)];
        return TableRow().Matches(table).ToDictionary(m => m.Groups["figure"].Value, m => (Cell(m.Groups["trust"].Value), Cell(m.Groups["published"].Value)));

        static string Cell(string value) => value.Trim() == "withheld" ? "withheld" : value.Trim().Replace(",", "", StringComparison.Ordinal);
    }

    /// <summary>"section.figure" → value, "withheld" for a suppressed row, "n/a" for a figure that cannot be computed.</summary>
    private static Dictionary<string, string> CsvRows(string csv) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells.Length == 4)
            .ToDictionary(cells => cells[0] + "." + cells[1], cells => cells[3] == "true" ? "withheld" : cells[2].Length == 0 ? "n/a" : cells[2]);

    [GeneratedRegex(@"^\|\s*`(?<figure>[a-z_]+\.[A-Za-z_:]+)`\s*\|[^|]*\|\s*(?<trust>[^|]+?)\s*\|\s*(?<published>[^|]+?)\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
