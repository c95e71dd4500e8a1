using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Outcomes.Data;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>Referrals received, by source, since the platform started.</summary>
internal sealed class GetSummaryHandler(OutcomesDbContext db, TimeProvider clock)
{
    public async Task<OutcomesSummary> HandleAsync(CancellationToken cancellationToken)
    {
        var bySource = await db.Referrals
            .AsNoTracking()
            .Where(r => r.Source != null)
            .GroupBy(r => r.Source!)
            .Select(g => new { Source = g.Key, Count = g.Count() })
            .OrderBy(g => g.Source)
            .ToListAsync(cancellationToken);

        var summary = new OutcomesSummary
        {
            TotalReferrals = bySource.Sum(s => s.Count),
            GeneratedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
        summary.ReferralsBySource.AddRange(bySource.Select(s => new SourceCount { Source = s.Source, Referrals = s.Count }));
        return summary;
    }
}
