using System.Net.Sockets;
using Npgsql;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>Failures that say nothing about the request: trying the same work again later can succeed.</summary>
public static class TransientPostgresErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is
            PostgresErrorCodes.SerializationFailure or
            PostgresErrorCodes.DeadlockDetected or
            PostgresErrorCodes.AdminShutdown or
            PostgresErrorCodes.CrashShutdown or
            PostgresErrorCodes.CannotConnectNow or
            PostgresErrorCodes.TooManyConnections ||
            postgres.SqlState.StartsWith("08", StringComparison.Ordinal),

        // Broken or refused connections, and timeouts reaching the server (Neon waking up).
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        _ => false,
    };
}
