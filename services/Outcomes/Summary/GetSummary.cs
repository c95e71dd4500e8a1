using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Outcomes.V1;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.ServiceDefaults.Security;

namespace PeerPlatform.Outcomes.Summary;

internal sealed class GetSummaryHandler(OutcomesDbContext db, TimeProvider clock)
{
    public async Task<OutcomesSummary> HandleAsync(CancellationToken cancellationToken)
    {
        var bySource = await db.ReceivedReferrals
            .AsNoTracking()
            .GroupBy(r => r.Source)
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

/// <summary>peer.outcomes.v1.OutcomesService: aggregates only, for trust systems and operators.</summary>
[Authorize(Policy = PeerPolicies.Reports)]
internal sealed class OutcomesGrpcService(IServiceProvider services) : OutcomesService.OutcomesServiceBase
{
    public override Task<OutcomesSummary> GetSummary(GetSummaryRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSummaryHandler>().HandleAsync(context.CancellationToken);
}
