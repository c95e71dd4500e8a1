using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerPlatform.Gateway.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace PeerPlatform.UnitTests.Gateway;

/// <summary>A refusal at the gateway is a security event with the fields operators need and nothing they must not see.</summary>
public sealed class RefusalLogTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln";

    private readonly CapturingLoggerProvider logs = new();

    private DefaultHttpContext Request(ClaimsPrincipal? user = null)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).BuildServiceProvider(),
            User = user ?? new ClaimsPrincipal(new ClaimsIdentity()),
        };
        context.Request.Path = "/api/clients/4b0f5c8e-2f55-4d0e-9d0a-6f2d1f0c0a11";
        context.Request.Headers.Authorization = "Bearer " + Token;
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        var route = new RouteModel(new RouteConfig { RouteId = "clients-rest", AuthorizationPolicy = "integrator" }, cluster: null, HttpTransformer.Default);
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(route), "clients-rest"));
        return context;
    }

    [Fact]
    public void A_forbidden_caller_is_logged_with_status_route_policy_client_address_and_trace()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "platform-operator")], "Bearer"));

        RefusalLog.Refused(Request(user), StatusCodes.Status403Forbidden, "role_not_permitted");

        var entry = Assert.Single(logs.Entries);
        Assert.Equal("PeerPlatform.Security", entry.Category);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("RequestRefused", entry.EventName);
        Assert.Equal(403, entry.State["Status"]);
        Assert.Equal("role_not_permitted", entry.State["Reason"]);
        Assert.Equal("clients-rest", entry.State["Route"]);
        Assert.Equal("integrator", entry.State["Policy"]);
        Assert.Equal("platform-operator", entry.State["ClientId"]);
        Assert.Equal("203.0.113.9", entry.State["SourceAddress"]);
        Assert.Equal(activity.TraceId.ToString(), entry.State["TraceId"]);
    }

    [Fact]
    public void An_unauthenticated_caller_has_no_client_id_and_neither_the_token_nor_the_path_is_logged()
    {
        RefusalLog.Refused(Request(), StatusCodes.Status401Unauthorized, "invalid_token");

        var entry = Assert.Single(logs.Entries);
        Assert.Equal("", entry.State["ClientId"]);
        var everything = entry.Message + string.Join(" ", entry.State.Values);
        Assert.DoesNotContain(Token, everything);
        Assert.DoesNotContain("4b0f5c8e", everything);
    }

    private sealed record Entry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> State);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<Entry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, List<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                entries.Add(new Entry(category, logLevel, eventId.Name ?? "", formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
            }
        }
    }
}
