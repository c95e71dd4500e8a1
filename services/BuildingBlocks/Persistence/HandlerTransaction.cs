using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace PeerPlatform.Persistence;

/// <summary>
/// A handler's transaction. A call with an Idempotency-Key already runs in one (its key, its
/// change and its answer commit together), so a handler that needs a transaction of its own takes
/// a savepoint in it instead: committing releases the savepoint, leaving without committing rolls
/// back to it, and the outer transaction decides.
/// </summary>
public sealed class HandlerTransaction : IAsyncDisposable
{
    private const string Savepoint = "handler";
    private readonly IDbContextTransaction? owned;
    private readonly IDbContextTransaction? joined;
    private bool committed;

    private HandlerTransaction(IDbContextTransaction? owned, IDbContextTransaction? joined)
    {
        this.owned = owned;
        this.joined = joined;
    }

    internal static async Task<HandlerTransaction> BeginAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (database.CurrentTransaction is { } current)
        {
            await current.CreateSavepointAsync(Savepoint, cancellationToken);
            return new HandlerTransaction(null, current);
        }

        return new HandlerTransaction(await database.BeginTransactionAsync(cancellationToken), null);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }
        else
        {
            await joined!.ReleaseSavepointAsync(Savepoint, cancellationToken);
        }

        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (owned is not null)
        {
            await owned.DisposeAsync(); // rolls back unless committed
        }
        else if (!committed)
        {
            try
            {
                await joined!.RollbackToSavepointAsync(Savepoint);
            }
            catch (System.Data.Common.DbException)
            {
                // The connection broke with the handler's error: the outer transaction's owner
                // rolls it all back, and the handler's own exception is the one to report.
            }
        }
    }
}

public static class HandlerTransactionExtensions
{
    /// <summary>Begins the handler's transaction, or a savepoint in the call's (see <see cref="HandlerTransaction"/>).</summary>
    public static Task<HandlerTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken) =>
        HandlerTransaction.BeginAsync(database, cancellationToken);
}
