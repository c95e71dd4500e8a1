using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Clients;

namespace PeerPlatform.UnitTests.Records;

public sealed class CorrectClientDetailsValidatorTests
{
    private readonly CorrectClientDetailsValidator validator = new(TimeProvider.System);

    private IReadOnlyList<string> FieldsInError(CorrectClientDetailsRequest request) =>
        validator.Validate(request).Errors.Select(e => GrpcErrorInterceptor.ToProtoFieldPath(e.PropertyName)).Distinct().ToList();

    [Fact]
    public void Accepts_a_correction_of_the_fields_it_names()
    {
        Assert.Empty(FieldsInError(new CorrectClientDetailsRequest { ClientId = Guid.NewGuid().ToString(), UpdateMask = { "family_name" }, FamilyName = "Smith" }));
    }

    [Fact]
    public void Refuses_an_empty_mask_and_unknown_fields()
    {
        Assert.Equal(["update_mask"], FieldsInError(new CorrectClientDetailsRequest { ClientId = Guid.NewGuid().ToString() }));
        Assert.Contains("update_mask[0]", FieldsInError(new CorrectClientDetailsRequest { ClientId = Guid.NewGuid().ToString(), UpdateMask = { "registered_at" } }));
    }

    [Fact]
    public void A_changed_nhs_number_needs_a_valid_number_and_a_reason()
    {
        var request = new CorrectClientDetailsRequest { ClientId = Guid.NewGuid().ToString(), UpdateMask = { "nhs_number" }, NhsNumber = "9434765918" };
        Assert.Equal(["nhs_number", "reason"], FieldsInError(request));
        request.NhsNumber = "943 476 5919";
        request.Reason = "traced on the spine";
        Assert.Empty(FieldsInError(request));
    }

    [Fact]
    public void A_named_name_may_not_be_emptied()
    {
        Assert.Equal(["given_name"], FieldsInError(new CorrectClientDetailsRequest { ClientId = Guid.NewGuid().ToString(), UpdateMask = { "given_name" } }));
    }
}
