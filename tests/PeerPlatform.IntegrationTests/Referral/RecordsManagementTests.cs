using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Records;
using PeerPlatform.Referral.Referrals;

namespace PeerPlatform.IntegrationTests.Referral;

/// <summary>Records management against a real database: merges and their undo, exports, erasure.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RecordsManagementTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("records"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private Task<PeerPlatform.Contracts.Referral.V1.Referral> CreateAsync(CreateReferralRequest request) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(request, "integration-test", default));

    [Fact]
    public async Task A_merge_moves_the_referrals_and_the_only_nhs_number_and_its_undo_moves_them_back()
    {
        var untraced = ReferralPayloads.Request(source: ReferralSource.Self);
        untraced.Client.NhsNumber = "";
        var self = await CreateAsync(untraced);
        var number = NhsNumbers.Random();
        var clinical = await CreateAsync(ReferralPayloads.Request(nhsNumber: number));

        // The clinical record is the duplicate here; the self-referral's record is kept and gains the number.
        var merge = await host.WithScopeAsync(sp => sp.GetRequiredService<MergeClientsHandler>().HandleAsync(
            new MergeClientsRequest { SourceClientId = clinical.ClientId, TargetClientId = self.ClientId, Reason = "same person" }, default));
        Assert.True(merge.MovedNhsNumber);
        Assert.Equal([clinical.ReferralId], merge.MovedReferralIds);

        var (kept, closed, moved) = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            return (await db.Clients.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(self.ClientId)),
                await db.Clients.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(clinical.ClientId)),
                await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(clinical.ReferralId)));
        });
        Assert.Equal((number, (string?)null, Guid.Parse(self.ClientId)), (kept.NhsNumber, closed.NhsNumber, closed.MergedInto!.Value));
        Assert.Equal(Guid.Parse(self.ClientId), moved.ClientId);

        await host.WithScopeAsync(sp => sp.GetRequiredService<UndoClientMergeHandler>().HandleAsync(new UndoClientMergeRequest { MergeId = merge.MergeId, Reason = "not the same person" }, default));
        var (keptAfter, reopened, movedBack) = await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            return (await db.Clients.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(self.ClientId)),
                await db.Clients.AsNoTracking().SingleAsync(c => c.Id == Guid.Parse(clinical.ClientId)),
                await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(clinical.ReferralId)));
        });
        Assert.Equal(((string?)null, number, (Guid?)null), (keptAfter.NhsNumber, reopened.NhsNumber, reopened.MergedInto));
        Assert.Equal(Guid.Parse(clinical.ClientId), movedBack.ClientId);
    }

    [Fact]
    public async Task An_export_is_saved_as_a_job_with_a_part_per_source()
    {
        var created = await CreateAsync(ReferralPayloads.Request());
        var export = await host.WithScopeAsync(sp => sp.GetRequiredService<StartSubjectAccessExportHandler>().HandleAsync(new StartSubjectAccessExportRequest { ClientId = created.ClientId }, default));

        Assert.Equal(PeerPlatform.Contracts.Referral.V1.ExportStatus.Pending, export.Status);
        Assert.Equal(["outcomes", "referral"], export.Sources.Select(s => s.Source));
    }

    [Fact]
    public async Task Erasure_is_not_granted_while_a_referral_is_open_and_a_refusal_is_kept_with_its_reason()
    {
        var created = await CreateAsync(ReferralPayloads.Request());
        var granted = new RecordErasureRequestRequest { ClientId = created.ClientId, ReceivedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), Decision = ErasureDecision.Granted, Reason = "referred in error" };

        await Assert.ThrowsAsync<PeerPlatform.SharedKernel.DomainRuleViolationException>(() =>
            host.WithScopeAsync(sp => sp.GetRequiredService<RecordErasureRequestHandler>().HandleAsync(granted, default)));
        var refused = await host.WithScopeAsync(sp => sp.GetRequiredService<RecordErasureRequestHandler>().HandleAsync(
            new RecordErasureRequestRequest { ClientId = created.ClientId, ReceivedOn = granted.ReceivedOn, Decision = ErasureDecision.Refused, Reason = "Art. 9(2)(h)" }, default));

        Assert.Equal(ErasureDecision.Refused, refused.Decision);
        Assert.Equal("Art. 9(2)(h)", Assert.Single((await host.WithScopeAsync(sp => sp.GetRequiredService<ListErasureRequestsHandler>().HandleAsync(
            new ListErasureRequestsRequest { ClientId = created.ClientId }, default))).Requests).Reason);
        Assert.True(await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Clients.AnyAsync(c => c.Id == Guid.Parse(created.ClientId))));
    }

    [Fact]
    public async Task Erasing_a_client_removes_every_row_about_them_and_keeps_that_it_happened()
    {
        var created = await CreateAsync(ReferralPayloads.Request());
        await host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ClientEraser>().EraseAsync(Guid.Parse(created.ClientId), ErasureBases.ErasureRequest, default);
            return 0;
        });

        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReferralDbContext>();
            Assert.False(await db.Clients.AnyAsync(c => c.Id == Guid.Parse(created.ClientId)));
            Assert.False(await db.Referrals.AnyAsync(r => r.Id == Guid.Parse(created.ReferralId)));
            Assert.Equal(ErasureBases.ErasureRequest, (await db.ErasedClients.SingleAsync(e => e.ClientId == Guid.Parse(created.ClientId))).Basis);
            return 0;
        });
    }
}
