using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using PeerPlatform.Security;

namespace PeerPlatform.Grpc;

/// <summary>
/// Marks a create RPC that honours an "Idempotency-Key" header (gRPC metadata "idempotency-key"):
/// a retried call with the same key, from the same client, with the same request gets the first
/// call's answer instead of creating a second record.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute;

/// <summary>A claimed idempotency key and, once the call succeeded, its answer.</summary>
public sealed class IdempotentRequest
{
    public required string ClientId { get; init; }

    public required string Method { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request message: the same key with a different request is refused.</summary>
    public required string RequestHash { get; init; }

    public byte[]? Response { get; set; }

    public DateTimeOffset ClaimedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }
}

public interface IIdempotencyStore
{
    /// <summary>
    /// Begins the call's transaction and claims the key in it; returns null when this call may
    /// proceed (the transaction stays open for the call), else the earlier, committed claim.
    /// </summary>
    Task<IdempotentRequest?> ClaimAsync(IdempotentRequest claim, CancellationToken cancellationToken);

    /// <summary>Records the answer and commits: the key, the call's change and its answer stand or fall together.</summary>
    Task CompleteAsync(IdempotentRequest claim, byte[] response, CancellationToken cancellationToken);

    /// <summary>The call failed: rolls its transaction back, key and all, so a retry can run.</summary>
    Task AbandonAsync();
}

/// <summary>
/// Keys live in the service's own database, beside the records they protect, and are claimed in
/// the transaction the handler's change commits in (the handler's own transactions become
/// savepoints: <see cref="PeerPlatform.Persistence.HandlerTransaction"/>). A process that dies
/// mid-call therefore leaves neither the change nor the key, and a retry runs it again; one that
/// dies after the commit leaves both, and a retry gets the answer. A concurrent retry's claim waits
/// on the first call's uncommitted key and then sees its outcome.
/// </summary>
internal sealed class IdempotencyStore<TDbContext>(TDbContext db, TimeProvider clock) : IIdempotencyStore where TDbContext : DbContext
{
    private IDbContextTransaction? transaction;

    public async Task<IdempotentRequest?> ClaimAsync(IdempotentRequest claim, CancellationToken cancellationToken)
    {
        transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO idempotent_requests (client_id, method, key, request_hash, claimed_at)
            VALUES ({claim.ClientId}, {claim.Method}, {claim.Key}, {claim.RequestHash}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        if (inserted == 1)
        {
            return null;
        }

        var earlier = await db.Set<IdempotentRequest>().AsNoTracking()
            .SingleAsync(r => r.ClientId == claim.ClientId && r.Method == claim.Method && r.Key == claim.Key, cancellationToken);
        await AbandonAsync();
        return earlier;
    }

    public async Task CompleteAsync(IdempotentRequest claim, byte[] response, CancellationToken cancellationToken)
    {
        await db.Set<IdempotentRequest>()
            .Where(r => r.ClientId == claim.ClientId && r.Method == claim.Method && r.Key == claim.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, response).SetProperty(r => r.CompletedAt, clock.GetUtcNow()), cancellationToken);
        await transaction!.CommitAsync(cancellationToken);
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async Task AbandonAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync(); // rolls back
            transaction = null;
        }
    }
}

/// <summary>
/// Runs [Idempotent] RPCs at most once per (client, method, key): the key is claimed in the
/// call's transaction (<see cref="IIdempotencyStore"/>), so two concurrent retries cannot both
/// create, a failed or killed call leaves nothing behind, and a retry after success gets the
/// stored answer.
/// </summary>
public sealed class IdempotencyInterceptor(TimeProvider clock) : Interceptor
{
    public const string Header = "idempotency-key";
    private const int MaxKeyLength = 200;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // From the HTTP request: ServerCallContext.RequestHeaders would copy every header into
        // gRPC metadata on each call. A call without a key, or to a method that is not
        // [Idempotent], goes straight on, without an async frame of its own.
        var http = context.GetHttpContext();
        var keys = http.Request.Headers[Header];
        return keys.Count == 0 || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null
            || http.RequestServices.GetService<IIdempotencyStore>() is not { } store || request is not IMessage message
            ? continuation(request, context)
            // The last value, as gRPC metadata reads a repeated key.
            : RunOnceAsync(keys[keys.Count - 1] ?? "", message, store, http, request, context, continuation);
    }

    private async Task<TResponse> RunOnceAsync<TRequest, TResponse>(
        string key, IMessage message, IIdempotencyStore store, HttpContext http,
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw Grpc.GrpcErrorInterceptor.InvalidArgument([("Idempotency-Key", $"Must be 1 to {MaxKeyLength} characters.")]);
        }

        var caller = http.RequestServices.GetRequiredService<Caller>();
        var claim = new IdempotentRequest
        {
            ClientId = caller.ClientId,
            Method = context.Method,
            Key = key,
            RequestHash = Convert.ToHexString(SHA256.HashData(message.ToByteArray())),
            ClaimedAt = clock.GetUtcNow(),
        };
        if (await store.ClaimAsync(claim, context.CancellationToken) is { } earlier)
        {
            return Replay<TResponse>(earlier, claim);
        }

        try
        {
            var response = await continuation(request, context);
            await store.CompleteAsync(claim, ((IMessage)response).ToByteArray(), CancellationToken.None);
            return response;
        }
        catch
        {
            await store.AbandonAsync();
            throw;
        }
    }

    private static TResponse Replay<TResponse>(IdempotentRequest earlier, IdempotentRequest claim)
    {
        if (earlier.RequestHash != claim.RequestHash)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "This Idempotency-Key was used with a different request; use a new key for a new request."));
        }

        if (earlier.Response is null)
        {
            throw new RpcException(new Status(StatusCode.Aborted, "A request with this Idempotency-Key is still being processed; retry shortly."));
        }

        var response = (IMessage)Activator.CreateInstance(typeof(TResponse))!;
        response.MergeFrom(earlier.Response);
        return (TResponse)response;
    }
}

public static class IdempotencyExtensions
{
    /// <summary>
    /// Deletes the stored answers that name any of <paramref name="recordIds"/>: an erased
    /// record's details must not survive in the replay cache (kept a day). Ids are UUIDs, so an
    /// answer holding one is about that record and nothing else. Joins the caller's transaction.
    /// </summary>
    public static Task<int> ForgetAnswersNamingAsync(this DbContext db, IEnumerable<Guid> recordIds, CancellationToken cancellationToken)
    {
        string[] named = [.. recordIds.Select(id => id.ToString())];
        return db.Database.ExecuteSqlAsync(
            $"""
            DELETE FROM idempotent_requests r
            WHERE r.response IS NOT NULL
              AND EXISTS (SELECT 1 FROM unnest({named}) AS id WHERE position(convert_to(id, 'UTF8') IN r.response) > 0)
            """,
            cancellationToken);
    }

    /// <summary>Idempotency keys for [Idempotent] RPCs, stored in <typeparamref name="TDbContext"/>.</summary>
    public static IHostApplicationBuilder AddPeerIdempotency<TDbContext>(this IHostApplicationBuilder builder) where TDbContext : DbContext
    {
        builder.Services.AddScoped<IIdempotencyStore, IdempotencyStore<TDbContext>>();
        builder.Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration("Idempotency")
            .Validate(o => o.Retention > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero, "Idempotency:Retention and CleanupInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyKeyExpiry<TDbContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IdempotencyKeyExpiry<TDbContext>>());
        return builder;
    }

    public static ModelBuilder AddIdempotentRequests(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotentRequest>(request =>
        {
            request.ToTable("idempotent_requests");
            request.HasKey(r => new { r.ClientId, r.Method, r.Key });
            request.Property(r => r.ClientId).HasMaxLength(200);
            request.Property(r => r.Method).HasMaxLength(200);
            request.Property(r => r.Key).HasMaxLength(200);
            request.Property(r => r.RequestHash).HasMaxLength(64);
            request.HasIndex(r => r.ClaimedAt);
        });
        return modelBuilder;
    }
}

public sealed class IdempotencyOptions
{
    /// <summary>How long a key is honoured: a retry within this time gets the first answer. Stripe and others keep 24 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys (and their stored answers) are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes idempotency keys older than <see cref="IdempotencyOptions.Retention"/>, so the table
/// (which holds each answer) does not grow for ever. Several replicas may run it: the delete is
/// harmless to repeat.
/// </summary>
public sealed class IdempotencyKeyExpiry<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock,
    ILogger<IdempotencyKeyExpiry<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>Deletes the expired keys; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        return await db.Set<IdempotentRequest>().Where(r => r.ClaimedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    using var quiet = SuppressInstrumentationScope.Begin();
                    var deleted = await DeleteExpiredAsync(stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Deleted {Count} expired idempotency keys", deleted);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Deleting expired idempotency keys failed ({ExceptionType}); next try in {Interval}",
                        exception.GetType().Name, options.Value.CleanupInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
