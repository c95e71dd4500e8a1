using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.IntegrationTests.Referral;

[Collection(InfrastructureCollection.Name)]
public sealed class ReferralJourneyTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartReferralAsync(infrastructure, infrastructure.NewDatabaseName("journey"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private Task<PeerPlatform.Contracts.Referral.V1.Referral> Journey<THandler>(Func<THandler, Task<PeerPlatform.Contracts.Referral.V1.Referral>> step) where THandler : notnull =>
        host.WithScopeAsync(sp => step(sp.GetRequiredService<THandler>()));

    private async Task<string> NewReferralAsync() =>
        (await host.WithScopeAsync(sp => sp.GetRequiredService<CreateReferralHandler>().HandleAsync(ReferralPayloads.Request(), "test", default))).ReferralId;

    /// <summary>
    /// Two changes that both start from the same state: the second to commit is refused by the
    /// row's version (xmin) instead of writing over the first, and nothing of it is saved.
    /// </summary>
    [Fact]
    public async Task The_second_of_two_racing_changes_is_refused_as_a_conflict_and_saves_nothing()
    {
        var id = await NewReferralAsync();
        var step = new RecordInformationGivenRequest { ReferralId = id, GivenOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), Method = InformationMethod.Phone };
        await using var first = host.Services.CreateAsyncScope();
        await using var second = host.Services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<ReferralDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<ReferralDbContext>();
        var a = await firstDb.Referrals.Include(r => r.History).SingleAsync(r => r.Id == Guid.Parse(id));
        var b = await secondDb.Referrals.Include(r => r.History).SingleAsync(r => r.Id == Guid.Parse(id));
        a.RecordInformationGiven("First", DateOnly.FromDateTime(DateTime.UtcNow), PeerPlatform.Referral.Domain.InformationMethod.Phone, "test", DateTimeOffset.UtcNow);
        b.RecordInformationGiven("Second", DateOnly.FromDateTime(DateTime.UtcNow), PeerPlatform.Referral.Domain.InformationMethod.Phone, "test", DateTimeOffset.UtcNow);
        await firstDb.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDb.SaveChangesAsync());
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Referrals.Include(r => r.History).AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(id)));
        Assert.Equal("First", stored.InformationGivenBy);
        Assert.Equal(2, stored.History.Count);

        // Through the handlers, racing callers never see anything but success or a refusal.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await Journey<RecordConsentHandler>(h => h.HandleAsync(new RecordConsentRequest { ReferralId = id, ConsentGiven = true }, default));
                return "ok";
            }
            catch (Exception exception)
            {
                return exception.GetType().Name + ": " + exception.InnerException?.GetType().Name + " " + exception.InnerException?.Message;
            }
        }));
        Assert.Single(outcomes, o => o == "ok");
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.True(o.StartsWith(nameof(DbUpdateConcurrencyException)) || o.StartsWith(nameof(DomainRuleViolationException)), o));
    }

    [Fact]
    public async Task Accepting_without_information_and_consent_is_refused_and_changes_nothing()
    {
        var id = await NewReferralAsync();

        var refused = await Assert.ThrowsAsync<DomainRuleViolationException>(() => Journey<AcceptReferralHandler>(h => h.HandleAsync(new AcceptReferralRequest { ReferralId = id }, default)));
        Assert.Contains("information about peer support", refused.Message);

        await Journey<RecordInformationGivenHandler>(h => h.HandleAsync(new RecordInformationGivenRequest
        {
            ReferralId = id,
            GivenBy = "Peer support lead",
            GivenOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            Method = InformationMethod.InPerson,
        }, default));
        refused = await Assert.ThrowsAsync<DomainRuleViolationException>(() => Journey<AcceptReferralHandler>(h => h.HandleAsync(new AcceptReferralRequest { ReferralId = id }, default)));
        Assert.Contains("consent", refused.Message);

        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Referrals.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == Guid.Parse(id)));
        Assert.Equal(PeerPlatform.Referral.Domain.ReferralStatus.InformationGiven, stored.Status);
        Assert.Equal(2, stored.History.Count);
    }

    [Fact]
    public async Task Consent_then_acceptance_is_stored_with_history_and_events()
    {
        var id = await NewReferralAsync();
        await Journey<RecordInformationGivenHandler>(h => h.HandleAsync(new RecordInformationGivenRequest
        {
            ReferralId = id,
            GivenBy = "Care coordinator",
            GivenOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            Method = InformationMethod.Phone,
        }, default));
        await Journey<RecordConsentHandler>(h => h.HandleAsync(new RecordConsentRequest { ReferralId = id, ConsentGiven = true }, default));
        var accepted = await Journey<AcceptReferralHandler>(h => h.HandleAsync(new AcceptReferralRequest { ReferralId = id }, default));

        Assert.Equal(ReferralStatus.Accepted, accepted.Status);
        Assert.True(accepted.ConsentGiven);
        Assert.Equal(InformationMethod.Phone, accepted.InformationMethod);
        Assert.Equal([ReferralStatus.Received, ReferralStatus.InformationGiven, ReferralStatus.ConsentGiven, ReferralStatus.Accepted], accepted.History.Select(h => h.ToStatus));

        var events = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().OrderBy(m => m.OccurredAt).Select(m => m.MessageType).ToListAsync());
        Assert.Equal(
            ["referral-received", "information-given", "consent-recorded", "referral-accepted"],
            events.Select(e => e["urn:message:peer.referral.v1:".Length..]));
    }

    [Fact]
    public async Task A_declined_referral_is_closed_and_its_free_text_reason_stays_in_the_service()
    {
        var id = await NewReferralAsync();
        await Journey<RecordInformationGivenHandler>(h => h.HandleAsync(new RecordInformationGivenRequest
        {
            ReferralId = id,
            GivenBy = "GP",
            GivenOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            Method = InformationMethod.Written,
        }, default));
        var declined = await Journey<RecordConsentHandler>(h => h.HandleAsync(new RecordConsentRequest { ReferralId = id, ConsentGiven = false, DeclineReason = "Prefers family support" }, default));

        Assert.Equal(ReferralStatus.Declined, declined.Status);
        Assert.False(declined.ConsentGiven);
        await Assert.ThrowsAsync<DomainRuleViolationException>(() => Journey<AcceptReferralHandler>(h => h.HandleAsync(new AcceptReferralRequest { ReferralId = id }, default)));
        var payloads = await host.WithScopeAsync(sp => sp.GetRequiredService<ReferralDbContext>().Set<OutboxMessage>().Select(m => m.Payload).ToListAsync());
        Assert.DoesNotContain(payloads, p => p.Contains("family support"));
        Assert.Contains(payloads, p => p.Contains("client_declined"));
    }
}
