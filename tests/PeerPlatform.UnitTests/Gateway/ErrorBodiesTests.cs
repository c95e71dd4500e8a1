using System.Text.Json.Nodes;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class ErrorBodiesTests
{
    [Theory]
    [InlineData(401, 16, "UNAUTHENTICATED")]
    [InlineData(403, 7, "PERMISSION_DENIED")]
    [InlineData(404, 5, "NOT_FOUND")]
    [InlineData(413, 3, "INVALID_ARGUMENT")]
    [InlineData(429, 8, "RESOURCE_EXHAUSTED")]
    [InlineData(502, 14, "UNAVAILABLE")]
    [InlineData(503, 14, "UNAVAILABLE")]
    [InlineData(504, 4, "DEADLINE_EXCEEDED")]
    public void A_refusal_is_written_as_google_rpc_status_with_its_grpc_code_and_the_trace(int httpStatus, int code, string reason)
    {
        var (described, name, message) = ErrorBodies.Describe(httpStatus);
        var body = JsonNode.Parse(ErrorBodies.Json(described, name, message, httpStatus, "4bf92f3577b34da6a3ce929d0e0e4736"))!;

        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.Equal(message, body["message"]!.GetValue<string>());
        var details = body["details"]!.AsArray();
        Assert.Equal(reason, details[0]!["reason"]!.GetValue<string>());
        Assert.Equal(httpStatus.ToString(), details[0]!["metadata"]!["http_status"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/google.rpc.RequestInfo", details[1]!["@type"]!.GetValue<string>());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", details[1]!["requestId"]!.GetValue<string>());
    }
}
