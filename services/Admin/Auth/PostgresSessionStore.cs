using Npgsql;
using NpgsqlTypes;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Auth;

public sealed class PostgresSessionStore(PostgresRetry retry) : ISessionStore
{
    public Task OpenAsync(Session session, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<bool>(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var reset = new NpgsqlBatchCommand("UPDATE admin.users SET failed_logins = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1");
        reset.Parameters.Add(new() { Value = session.UserId });
        reset.Parameters.Add(new() { Value = session.CreatedAt });
        batch.BatchCommands.Add(reset);
        batch.BatchCommands.Add(Insert(session));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public Task<(RotationResult Result, Guid UserId)> RotateAsync(
        byte[] presentedHash, RotationRules rules, Func<Guid, Guid, DateTimeOffset, Session> next, CancellationToken cancellationToken) =>
        retry.InTransactionAsync<(RotationResult Result, Guid UserId)>(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        Guid sessionId, userId, familyId;
        DateTimeOffset expiresAt, familyCreatedAt;
        DateTimeOffset? revokedAt;
        bool rotated;
        await using (var select = new NpgsqlCommand("""
            SELECT id, user_id, family_id, expires_at, revoked_at, replaced_by IS NOT NULL, family_created_at
            FROM admin.user_sessions WHERE token_hash = $1 FOR UPDATE
            """, connection, transaction))
        {
            select.Parameters.Add(new() { Value = presentedHash });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (RotationResult.Unknown, Guid.Empty);
            }

            (sessionId, userId, familyId, expiresAt, revokedAt, rotated, familyCreatedAt) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5),
                reader.GetFieldValue<DateTimeOffset>(6));
        }

        // The row lock above makes a concurrent refresh of the same token wait for this one and then land here.
        if (rotated && revokedAt > rules.Now - rules.ReuseGrace)
        {
            return (RotationResult.RecentlyRotated, userId);
        }

        if (revokedAt is not null)
        {
            await using var revokeFamily = new NpgsqlCommand(
                "UPDATE admin.user_sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL", connection, transaction);
            revokeFamily.Parameters.Add(new() { Value = familyId });
            await revokeFamily.ExecuteNonQueryAsync(cancellationToken);
            await work.CommitAsync(cancellationToken);
            return (RotationResult.Reused, userId);
        }

        if (expiresAt <= rules.Now || familyCreatedAt + rules.FamilyLifetime <= rules.Now)
        {
            return (RotationResult.Expired, userId);
        }

        var replacement = next(userId, familyId, familyCreatedAt);

        await using var batch = new NpgsqlBatch(connection, transaction);
        var retire = new NpgsqlBatchCommand("UPDATE admin.user_sessions SET revoked_at = $2, replaced_by = $3 WHERE id = $1");
        retire.Parameters.Add(new() { Value = sessionId });
        retire.Parameters.Add(new() { Value = replacement.CreatedAt });
        retire.Parameters.Add(new() { Value = replacement.Id });
        batch.BatchCommands.Add(retire);
        batch.BatchCommands.Add(Insert(replacement));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (RotationResult.Rotated, userId);
    }, cancellationToken);

    public async Task<bool> RevokeAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await retry.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("UPDATE admin.user_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL", connection);
        command.Parameters.Add(new() { Value = tokenHash });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await retry.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("UPDATE admin.user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", connection);
        command.Parameters.Add(new() { Value = userId });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Insert(Session session)
    {
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO admin.user_sessions (id, user_id, family_id, token_hash, created_at, expires_at, ip, user_agent, family_created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        insert.Parameters.Add(new() { Value = session.Id });
        insert.Parameters.Add(new() { Value = session.UserId });
        insert.Parameters.Add(new() { Value = session.FamilyId });
        insert.Parameters.Add(new() { Value = session.TokenHash });
        insert.Parameters.Add(new() { Value = session.CreatedAt });
        insert.Parameters.Add(new() { Value = session.ExpiresAt });
        insert.Parameters.Add(new() { Value = (object?)session.Ip ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = (object?)session.UserAgent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = session.FamilyCreatedAt });
        return insert;
    }
}
