using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Grpc;

public static class GrpcServiceExtensions
{
    /// <summary>The largest request message a service accepts (gRPC's default is 4 MiB).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>
    /// gRPC with JSON transcoding (REST/JSON from the protos' google.api.http annotations),
    /// request validation and error translation, the standard gRPC health service (fed by the
    /// ASP.NET Core health checks) and reflection for tools such as grpcurl.
    /// </summary>
    public static IServiceCollection AddPeerGrpc(this IServiceCollection services, System.Reflection.Assembly validatorsAssembly)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<GrpcErrorInterceptor>();
            // Inside the error interceptor, so its refusals are translated like any other.
            options.Interceptors.Add<IdempotencyInterceptor>();
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = MaxMessageBytes;
        }).AddJsonTranscoding(transcoding =>
        {
            // Error details travel as google.protobuf.Any; REST callers need them written out.
            transcoding.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
                Google.Rpc.BadRequest.Descriptor, Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.PreconditionFailure.Descriptor, Google.Rpc.RequestInfo.Descriptor);
        });
        services.AddGrpcHealthChecks(options =>
        {
            // Readiness decides whether a gRPC caller is served.
            options.Services.Map("", result => result.Tags.Contains(ServiceDefaultsExtensions.ReadyTag));
        });
        services.AddGrpcReflection();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
        // Singletons: a validator is stateless once built, so its rules are built once, not on every
        // request (docs/decisions/0011; validators may depend only on singletons such as the clock).
        services.AddValidatorsFromAssembly(validatorsAssembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        // Messages name fields as callers know them ("'reason' must not be empty"), not C# properties.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : GrpcErrorInterceptor.ToProtoFieldPath(member.Name);
        return services;
    }

    public static WebApplication MapPeerGrpcInfrastructure(this WebApplication app)
    {
        // Probes and tools carry no token; neither reveals data.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A gRPC client for another PeerPlatform service, addressed through service discovery
    /// (e.g. "http://_grpc.workforce"). The HTTP resilience handler added to every client by the
    /// service defaults is removed: retries and deadlines are gRPC's business here.
    /// </summary>
    public static IHttpClientBuilder AddPeerGrpcClient<TClient>(this IServiceCollection services, string address)
        where TClient : class
    {
        var builder = services.AddGrpcClient<TClient>(options => options.Address = new Uri(address));
#pragma warning disable EXTEXP0001 // evaluation API, but the documented way to opt a client out
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
