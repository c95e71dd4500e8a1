using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Security;

namespace PeerPlatform.IntegrationTests.Outcomes;

/// <summary>The referrals summary: in full for the trust, publication-safe for operators, on a real database.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SummaryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Operators_get_the_summary_with_small_sources_and_what_gives_them_back_withheld()
    {
        var host = await ServiceHosts.StartOutcomesAsync(infrastructure, infrastructure.NewDatabaseName("summary"));
        try
        {
            // Before any referral: nothing to withhold, and no error.
            var empty = await host.WithScopeAsync(sp => Handler(sp, PeerRoles.Operator).HandleAsync(new PeerPlatform.Contracts.Outcomes.V1.GetSummaryRequest(), default));
            Assert.Equal(0, empty.TotalReferrals);
            Assert.Empty(empty.ReferralsBySource);

            await host.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OutcomesDbContext>();
                foreach (var (source, count) in new[] { ("clinical_team", 20), ("gp", 12), ("self", 3) })
                {
                    db.Referrals.AddRange(Enumerable.Range(0, count).Select(_ => new ReferralProgress { ReferralId = Guid.NewGuid(), Source = source, ReceivedAt = DateTimeOffset.UtcNow }));
                }

                return await db.SaveChangesAsync();
            });

            var trust = await host.WithScopeAsync(sp => Handler(sp, PeerRoles.Integrator).HandleAsync(new PeerPlatform.Contracts.Outcomes.V1.GetSummaryRequest(), default));
            Assert.False(trust.ForPublication);
            Assert.Equal(35, trust.TotalReferrals);
            Assert.Equal([("clinical_team", 20), ("gp", 12), ("self", 3)], trust.ReferralsBySource.Select(s => (s.Source, s.Referrals)));

            var published = await host.WithScopeAsync(sp => Handler(sp, PeerRoles.Operator).HandleAsync(new PeerPlatform.Contracts.Outcomes.V1.GetSummaryRequest(), default));
            Assert.True(published.ForPublication);
            Assert.Equal(35, published.TotalReferrals);
            var withheld = published.ReferralsBySource.Where(s => s.Suppressed).Select(s => s.Source).ToList();
            Assert.Equal(["gp", "self"], withheld);   // self is 3; gp would give it back as 35 − 20 − 12
            Assert.All(published.ReferralsBySource.Where(s => s.Suppressed), s => Assert.Equal(0, s.Referrals));
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    private static GetSummaryHandler Handler(IServiceProvider services, string role)
    {
        var http = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PeerClaims.Role, role)], "test", PeerClaims.ClientId, PeerClaims.Role)) };
        return ActivatorUtilities.CreateInstance<GetSummaryHandler>(services, new Caller(new HttpContextAccessor { HttpContext = http }));
    }
}
