using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Security;

namespace PeerPlatform.UnitTests.Security;

/// <summary>
/// Services check every call again (they are reachable on loopback, not only through the
/// gateway): every gRPC service implementation names a known policy for each of its RPCs.
/// </summary>
public sealed class GrpcAuthorizationCoverageTests
{
    private static readonly string[] ServiceAssemblies =
        ["PeerPlatform.Referral", "PeerPlatform.Outcomes", "PeerPlatform.Workforce", "PeerPlatform.Supervision"];

    private static IEnumerable<Type> GrpcServiceImplementations() => ServiceAssemblies
        .Select(Assembly.Load)
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.BaseType?.GetCustomAttribute<BindServiceMethodAttribute>() is not null);

    [Fact]
    public void Every_rpc_of_every_service_names_a_known_policy()
    {
        var implementations = GrpcServiceImplementations().ToList();
        Assert.Contains(implementations, t => t.Name == "ReferralGrpcService");
        Assert.Contains(implementations, t => t.Name == "OutcomesGrpcService");

        foreach (var implementation in implementations)
        {
            var classPolicy = implementation.GetCustomAttribute<AuthorizeAttribute>()?.Policy;
            var rpcs = implementation.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetBaseDefinition().DeclaringType != m.DeclaringType);
            foreach (var rpc in rpcs)
            {
                var policy = rpc.GetCustomAttribute<AuthorizeAttribute>()?.Policy ?? classPolicy;
                Assert.True(policy is not null && PeerPolicies.RolesByPolicy.ContainsKey(policy),
                    $"{implementation.Name}.{rpc.Name} names no known authorization policy");
                Assert.Null(rpc.GetCustomAttribute<AllowAnonymousAttribute>());
            }
        }
    }
}
