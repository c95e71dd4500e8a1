using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PeerPlatform.Persistence;

/// <summary>Failures that say the infrastructure is briefly away (the database restarting), not that the message or request is bad.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        DbUpdateConcurrencyException => false,
        _ when exception.InnerException is { } inner => IsTransient(inner),
        _ => false,
    };
}
