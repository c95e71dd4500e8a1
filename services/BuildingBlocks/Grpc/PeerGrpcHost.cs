using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Persistence;
using PeerPlatform.Security;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Grpc;

/// <summary>The start-up every domain service shares; its Program.cs adds only what is its own.</summary>
public static class PeerGrpcHost
{
    /// <summary>
    /// Kestrel's endpoints, the service defaults, bearer authentication and gRPC (with JSON
    /// transcoding) whose validators are found in <paramref name="serviceAssembly"/>.
    /// </summary>
    public static WebApplicationBuilder AddPeerGrpcService(this WebApplicationBuilder builder, Assembly serviceAssembly)
    {
        builder.ConfigurePeerEndpoints();
        builder.AddServiceDefaults();
        builder.AddPeerAuthentication();
        builder.Services.AddPeerGrpc(serviceAssembly);
        return builder;
    }

    /// <summary>
    /// Readies the database (<see cref="PeerDatabaseExtensions.PrepareDatabaseAsync{TDbContext}"/>),
    /// then, unless this process is the database's migration job, sets up the request pipeline:
    /// authentication, request checks, health endpoints, gRPC health and reflection. False for a
    /// migration job, whose work is then done.
    /// </summary>
    public static async Task<bool> PrepareToServeAsync<TDbContext>(this WebApplication app)
        where TDbContext : DbContext
    {
        await app.PrepareDatabaseAsync<TDbContext>();
        if (app.IsMigrationJob())
        {
            return false;
        }

        app.UseErrorBodies();
        app.UsePeerAuthentication();
        app.UsePeerGrpcRequestChecks();
        app.MapDefaultEndpoints();
        app.MapPeerGrpcInfrastructure();
        return true;
    }
}
