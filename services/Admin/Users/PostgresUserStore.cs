using Npgsql;
using NpgsqlTypes;
using Platform.Admin.Accounts;
using Platform.Admin.Audit;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Users;

public sealed class PostgresUserStore(NpgsqlDataSource dataSource, PostgresRetry retry) : IUserStore
{
    private const string Columns =
        "u.id, u.account_id, u.email, u.cpf, u.name, u.password_hash, u.roles, u.status, u.failed_logins, u.locked_until, u.last_login_at, u.version, u.created_at, u.updated_at";

    public Task<(AddUserResult Result, int MaxUsers)> AddToAccountAsync(User user, AuditEntry audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);

        // Locking the account row serialises concurrent additions, so two requests cannot both take the last seat.
        // The count is a statement of its own: under READ COMMITTED it then sees every user committed before the
        // lock was granted (a subquery of the locking statement would count from before the wait). Batched: one trip.
        await using var limit = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    SELECT a.status, p.max_users
                    FROM admin.accounts a JOIN admin.plans p ON p.id = a.plan_id
                    WHERE a.id = $1
                    FOR UPDATE OF a
                    """) { Parameters = { new() { Value = user.AccountId! } } },
                new("SELECT count(*) FROM admin.users WHERE account_id = $1") { Parameters = { new() { Value = user.AccountId! } } },
            },
        };
        string status;
        int maxUsers;
        long users;
        await using (var reader = await limit.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (AddUserResult.AccountNotFound, 0);
            }

            (status, maxUsers) = (reader.GetString(0), reader.GetInt32(1));
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            users = reader.GetInt64(0);
        }

        if (status != "active")
        {
            return (AddUserResult.AccountNotActive, maxUsers);
        }

        if (users >= maxUsers)
        {
            return (AddUserResult.LimitReached, maxUsers);
        }

        var result = await InsertAsync(connection, transaction, user, cancellationToken);
        if (result == AddUserResult.Added)
        {
            await using var append = new NpgsqlBatch(connection, transaction) { BatchCommands = { PostgresAuditLog.InsertCommand(audit) } };
            await append.ExecuteNonQueryAsync(cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        return (result, maxUsers);
    }, cancellationToken);

    public Task<bool> AddSuperadminAsync(User user, CancellationToken cancellationToken) => retry.InTransactionAsync(async (work, cancellationToken) =>
    {
        if (await InsertAsync(work.Connection, work.Transaction, user, cancellationToken) != AddUserResult.Added)
        {
            return false;
        }

        await work.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public Task<LoginCandidate?> FindForLoginAsync(string email, CancellationToken cancellationToken) =>
        FindCandidateAsync("u.email = $1", email, cancellationToken);

    public Task<LoginCandidate?> FindForRefreshAsync(Guid userId, CancellationToken cancellationToken) =>
        FindCandidateAsync("u.id = $1", userId, cancellationToken);

    private Task<LoginCandidate?> FindCandidateAsync(string condition, object key, CancellationToken cancellationToken) => retry.ReadAsync(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns}, a.status FROM admin.users u LEFT JOIN admin.accounts a ON a.id = u.account_id WHERE {condition}
            """);
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LoginCandidate(Read(reader), reader.IsDBNull(14) ? null : Enum.Parse<AccountStatus>(reader.GetString(14), ignoreCase: true))
            : null;
    }, cancellationToken);

    public Task<User?> FindAsync(Guid userId, CancellationToken cancellationToken) => retry.ReadAsync(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.users u WHERE u.id = $1");
        command.Parameters.Add(new() { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(Guid accountId, CancellationToken cancellationToken) => retry.ReadAsync<IReadOnlyList<User>>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.users u WHERE u.account_id = $1 ORDER BY u.created_at, u.id");
        command.Parameters.Add(new() { Value = accountId });
        var users = new List<User>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }, cancellationToken);

    public async Task<DateTimeOffset?> RecordFailedLoginAsync(Guid userId, int threshold, TimeSpan lockout, CancellationToken cancellationToken)
    {
        // One statement, so concurrent failures all count and the lock starts exactly at the threshold. Not repeatable:
        // only opening the connection is retried.
        await using var connection = await retry.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE admin.users SET
                failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + $3 ELSE locked_until END
            WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
            RETURNING locked_until
            """, connection);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = threshold });
        command.Parameters.Add(new() { Value = lockout });
        var lockedUntil = await command.ExecuteScalarAsync(cancellationToken);
        return lockedUntil is DateTime value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
    }

    public Task<RolesUpdate> UpdateRolesAsync(
        User user, IReadOnlyList<string> roles, DateTimeOffset now, AuditEntry audit, CancellationToken cancellationToken) =>
        retry.InTransactionAsync(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        if (user.Roles.Contains(Roles.Owner) && !roles.Contains(Roles.Owner))
        {
            // Lock first, count in a statement of its own: it then sees every change committed before the lock.
            await using var owners = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new("SELECT 1 FROM admin.accounts WHERE id = $1 FOR UPDATE") { Parameters = { new() { Value = user.AccountId! } } },
                    new("SELECT count(*) FROM admin.users WHERE account_id = $1 AND id <> $2 AND 'owner' = ANY (roles)")
                    {
                        Parameters = { new() { Value = user.AccountId! }, new() { Value = user.Id } },
                    },
                },
            };
            await using var reader = await owners.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0)
            {
                return RolesUpdate.LastOwner;
            }
        }

        await using var command = new NpgsqlCommand(
            "UPDATE admin.users SET roles = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND version = $4", connection, transaction);
        command.Parameters.Add(new() { Value = user.Id });
        command.Parameters.Add(new() { Value = roles.ToArray() });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = user.Version });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return RolesUpdate.Concurrent;
        }

        await using var append = new NpgsqlBatch(connection, transaction) { BatchCommands = { PostgresAuditLog.InsertCommand(audit) } };
        await append.ExecuteNonQueryAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return RolesUpdate.Updated;
    }, cancellationToken);

    private static async Task<AddUserResult> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, User user, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO admin.users (id, account_id, email, cpf, name, password_hash, roles, status, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = user.Id });
        insert.Parameters.Add(new() { Value = (object?)user.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        insert.Parameters.Add(new() { Value = user.Email });
        insert.Parameters.Add(new() { Value = (object?)user.Cpf ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Char });
        insert.Parameters.Add(new() { Value = user.Name });
        insert.Parameters.Add(new() { Value = user.PasswordHash });
        insert.Parameters.Add(new() { Value = user.Roles.ToArray() });
        insert.Parameters.Add(new() { Value = user.Status.ToString().ToLowerInvariant() });
        insert.Parameters.Add(new() { Value = user.Version });
        insert.Parameters.Add(new() { Value = user.CreatedAt });
        insert.Parameters.Add(new() { Value = user.UpdatedAt });
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return AddUserResult.Added;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return exception.ConstraintName == "users_email_key" ? AddUserResult.EmailTaken : AddUserResult.CpfTaken;
        }
    }

    private static User Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.IsDBNull(1) ? null : reader.GetGuid(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetFieldValue<string[]>(6),
        Enum.Parse<UserStatus>(reader.GetString(7), ignoreCase: true),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetInt64(11),
        reader.GetFieldValue<DateTimeOffset>(12),
        reader.GetFieldValue<DateTimeOffset>(13));
}
