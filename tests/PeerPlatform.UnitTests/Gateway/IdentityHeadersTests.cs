using Microsoft.AspNetCore.Http;
using PeerPlatform.Gateway.Security;
using Yarp.ReverseProxy.Transforms;

namespace PeerPlatform.UnitTests.Gateway;

public sealed class IdentityHeadersTests
{
    [Fact]
    public void Headers_claiming_an_identity_are_removed_and_everything_else_is_forwarded_as_sent()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://referral/api/clients/1");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        request.Headers.TryAddWithoutValidation("x-peer-role", "admin");
        request.Headers.TryAddWithoutValidation("X-Peer-Anything-New", "1");
        request.Headers.TryAddWithoutValidation("X-Forwarded-User", "someone");
        request.Headers.TryAddWithoutValidation("X-Client-Id", "trust-integrator");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        var context = new RequestTransformContext { HttpContext = new DefaultHttpContext(), ProxyRequest = request };

        IdentityHeaders.Strip(context);

        var forwarded = request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(["Accept", "Authorization", "traceparent"], forwarded.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", forwarded["Authorization"]);
    }

    [Fact]
    public void A_request_without_identity_headers_is_left_alone()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://referral/api/referrals/1");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer token");
        var context = new RequestTransformContext { HttpContext = new DefaultHttpContext(), ProxyRequest = request };

        IdentityHeaders.Strip(context);

        Assert.Equal("Bearer token", Assert.Single(request.Headers.NonValidated).Value.ToString());
    }
}
