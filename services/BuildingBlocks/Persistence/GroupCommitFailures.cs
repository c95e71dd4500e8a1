using Microsoft.Extensions.Logging;
using Npgsql;

namespace PeerPlatform.Persistence;

/// <summary>
/// The one rule for a failed group commit (the inbox's consumer groups, the audit trail's record
/// groups): an outage fails every member alike; any other failure commits the members again one
/// at a time, so only the member that cannot be committed fails and the rest go through.
/// </summary>
public static class GroupCommitFailures
{
    /// <param name="commit">Commits the members given and completes them; throws if it could not.</param>
    /// <param name="fail">Completes a member with the failure that stopped it.</param>
    /// <param name="stopping">True when the service is stopping: nothing is retried then.</param>
    public static async Task CommitAsync<TMember>(
        IReadOnlyList<TMember> group, Func<IReadOnlyList<TMember>, Task> commit, Action<TMember, Exception> fail,
        Func<bool> stopping, ILogger logger, string members)
    {
        try
        {
            await commit(group);
        }
        catch (Exception exception) when (group.Count > 1 && !IsOutage(exception) && !stopping())
        {
            // Types only: an exception's message may quote the data that broke it.
            logger.LogWarning("A group of {Count} {Members} failed with {ExceptionType}; committing them one at a time",
                group.Count, members, exception.GetType().Name);
            foreach (var member in group)
            {
                try
                {
                    await commit([member]);
                }
                catch (Exception alone)
                {
                    fail(member, alone);
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var member in group)
            {
                fail(member, exception);
            }
        }
    }

    /// <summary>
    /// The database is away: every member would fail alike. A deadlock or serialisation failure
    /// is transient too, but it belongs to this group's transaction: committing the members one by
    /// one is the quicker way out.
    /// </summary>
    private static bool IsOutage(Exception exception) =>
        TransientFailures.IsTransient(exception)
        && (exception as PostgresException ?? exception.InnerException as PostgresException) is not { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };
}
