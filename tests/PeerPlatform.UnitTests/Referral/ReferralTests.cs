using PeerPlatform.Referral.Domain;

namespace PeerPlatform.UnitTests.Referral;

public sealed class ReferralTests
{
    [Fact]
    public void A_new_referral_is_received_with_its_first_history_entry()
    {
        var now = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);
        var clientId = Guid.NewGuid();

        var referral = PeerPlatform.Referral.Domain.Referral.Receive(
            clientId, ReferralSource.Gp, new Referrer("Dr Jones", "Riverside Surgery", "GP"), "  Low mood  ", ReferralPriority.Urgent, "integrator-a", now);

        Assert.Equal(ReferralStatus.Received, referral.Status);
        Assert.Equal(clientId, referral.ClientId);
        Assert.Equal("Low mood", referral.Reason);
        Assert.Equal(now, referral.ReceivedAt);
        var entry = Assert.Single(referral.History);
        Assert.Null(entry.FromStatus);
        Assert.Equal(ReferralStatus.Received, entry.ToStatus);
        Assert.Equal("integrator-a", entry.ChangedBy);
        Assert.Equal(now, entry.ChangedAt);
    }

    [Theory]
    [InlineData(ReferralSource.ClinicalTeam, "clinical_team")]
    [InlineData(ReferralSource.Self, "self")]
    [InlineData(ReferralSource.Carer, "carer")]
    [InlineData(ReferralSource.Gp, "gp")]
    [InlineData(ReferralSource.PartnerOrganisation, "partner_organisation")]
    public void Every_source_has_a_stable_event_code(ReferralSource source, string code)
    {
        Assert.Equal(code, source.Code());
    }

    [Fact]
    public void Domain_enums_match_the_contract_numbering()
    {
        // The API casts between them; a renumbering on either side would silently mislabel data.
        foreach (var status in Enum.GetValues<ReferralStatus>())
        {
            var contract = (PeerPlatform.Contracts.Referral.V1.ReferralStatus)(int)status;
            Assert.Equal(status.ToString().ToUpperInvariant(), contract.ToString().ToUpperInvariant());
        }

        foreach (var source in Enum.GetValues<ReferralSource>())
        {
            var contract = (PeerPlatform.Contracts.Referral.V1.ReferralSource)(int)source;
            Assert.Equal(source.ToString().ToUpperInvariant(), contract.ToString().ToUpperInvariant());
        }
    }
}
