using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Referrals;

namespace PeerPlatform.UnitTests.Referral;

public sealed class CreateReferralValidatorTests
{
    private readonly CreateReferralValidator validator = new(TimeProvider.System);

    // Complete: every field given, the NHS number spaced as people write it.
    private static CreateReferralRequest ValidRequest() => ReferralPayloads.Request(nhsNumber: "943 476 5919", priority: ReferralPriority.Routine);

    private IReadOnlyList<string> FieldsInError(CreateReferralRequest request) =>
        validator.Validate(request).Errors.Select(e => GrpcErrorInterceptor.ToProtoFieldPath(e.PropertyName)).Distinct().ToList();

    [Fact]
    public void Accepts_a_complete_referral()
    {
        Assert.Empty(FieldsInError(ValidRequest()));
    }

    [Fact]
    public void Names_the_client_when_it_is_missing()
    {
        var request = ValidRequest();
        request.Client = null;
        Assert.Equal(["client"], FieldsInError(request));
    }

    [Theory]
    [InlineData(ReferralSource.Self, true)]
    [InlineData(ReferralSource.Carer, true)]
    [InlineData(ReferralSource.PartnerOrganisation, true)]
    [InlineData(ReferralSource.ClinicalTeam, false)]
    [InlineData(ReferralSource.Gp, false)]
    public void Only_self_carer_and_partner_referrals_may_arrive_without_an_nhs_number(ReferralSource source, bool accepted)
    {
        var request = ReferralPayloads.Request(source: source);
        request.Client.NhsNumber = "";
        Assert.Equal(accepted ? [] : ["client.nhs_number"], FieldsInError(request));
    }

    [Fact]
    public void Names_every_invalid_field_with_its_proto_path()
    {
        var request = ValidRequest();
        request.Client.NhsNumber = "9434765918";
        request.Client.DateOfBirth = "21/03/1984";
        request.Client.GivenName = "";
        request.Source = ReferralSource.Unspecified;
        request.Reason = "";

        var fields = FieldsInError(request);

        Assert.Contains("client.nhs_number", fields);
        Assert.Contains("client.date_of_birth", fields);
        Assert.Contains("client.given_name", fields);
        Assert.Contains("source", fields);
        Assert.Contains("reason", fields);
        Assert.DoesNotContain("client.family_name", fields);
    }

    [Fact]
    public void Refuses_a_birth_date_in_the_future()
    {
        var request = ValidRequest();
        request.Client.DateOfBirth = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        Assert.Equal(["client.date_of_birth"], FieldsInError(request));
    }

    [Fact]
    public void Requires_a_referrer_unless_the_client_referred_themself()
    {
        var request = ValidRequest();
        request.Referrer = null;
        Assert.Equal(["referrer"], FieldsInError(request));

        request.Source = ReferralSource.Self;
        Assert.Empty(FieldsInError(request));
    }

    [Fact]
    public void Refuses_enum_values_the_contract_does_not_define()
    {
        var request = ValidRequest();
        request.Source = (ReferralSource)99;
        request.Priority = (ReferralPriority)42;
        var fields = FieldsInError(request);
        Assert.Contains("source", fields);
        Assert.Contains("priority", fields);
    }

    [Fact]
    public void A_client_born_today_is_not_in_the_future_at_half_past_midnight_in_summer_time()
    {
        var halfPastMidnightBst = new FixedClock(new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero));   // 00:30 on 2 July in London
        var atMidnight = new CreateReferralValidator(halfPastMidnightBst);
        var request = ValidRequest();
        request.Client.DateOfBirth = "2026-07-02";
        Assert.True(atMidnight.Validate(request).IsValid);
        request.Client.DateOfBirth = "2026-07-03";
        Assert.False(atMidnight.Validate(request).IsValid);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
