using PeerPlatform.Grpc;

namespace PeerPlatform.UnitTests.ServiceDefaults;

public sealed class ProtoFieldPathTests
{
    [Theory]
    [InlineData("Client", "client")]
    [InlineData("Client.NhsNumber", "client.nhs_number")]
    [InlineData("ReferralId", "referral_id")]
    [InlineData("History[0].ChangedBy", "history[0].changed_by")]
    public void Converts_validator_property_paths_to_proto_field_paths(string property, string expected)
    {
        Assert.Equal(expected, GrpcErrorInterceptor.ToProtoFieldPath(property));
    }

    [Fact]
    public void Invalid_argument_carries_each_violation_as_a_bad_request_detail()
    {
        var exception = GrpcErrorInterceptor.InvalidArgument([("client.nhs_number", "bad check digit"), ("reason", "required")]);

        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, exception.StatusCode);
        var status = global::Grpc.Core.RpcExceptionExtensions.GetRpcStatus(exception);
        Assert.NotNull(status);
        var badRequest = status.GetDetail<Google.Rpc.BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["client.nhs_number", "reason"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Contains("client.nhs_number", exception.Status.Detail);
    }
}
