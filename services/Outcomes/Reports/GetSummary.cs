using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>Referrals received, by source, since the platform started; publication-safe for operators.</summary>
internal sealed class GetSummaryHandler(OutcomesDbContext db, Caller caller, IOptions<OutcomesOptions> options, TimeProvider clock)
{
    private const string TotalCell = "total";

    public async Task<C.OutcomesSummary> HandleAsync(C.GetSummaryRequest request, CancellationToken cancellationToken)
    {
        var bySource = await db.Referrals
            .AsNoTracking()
            .Where(r => r.Source != null)
            .GroupBy(r => r.Source!)
            .Select(g => new { Source = g.Key, Count = g.Count() })
            .OrderBy(g => g.Source)
            .ToListAsync(cancellationToken);

        var total = bySource.Sum(s => s.Count);
        var forPublication = caller.IsInRole(PeerRoles.Operator);
        IReadOnlySet<string> withheld = new HashSet<string>();
        if (forPublication && bySource.Count > 0)
        {
            var table = new DisclosureTable(options.Value.SuppressionThreshold);
            table.Sum(table.Count(TotalCell, total), [.. bySource.Select(s => table.Count(s.Source, s.Count))]);
            withheld = table.Withheld();
        }

        var summary = new C.OutcomesSummary
        {
            TotalReferrals = withheld.Contains(TotalCell) ? 0 : total,
            TotalSuppressed = withheld.Contains(TotalCell),
            ForPublication = forPublication,
            GeneratedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
        summary.ReferralsBySource.AddRange(bySource.Select(s => withheld.Contains(s.Source)
            ? new C.SourceCount { Source = s.Source, Suppressed = true }
            : new C.SourceCount { Source = s.Source, Referrals = s.Count }));
        return summary;
    }
}
