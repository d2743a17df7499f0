using Npgsql;

namespace Platform.Admin.Audit;

public interface IAuditLog
{
    /// <summary>Records the entry unless one for the same event exists; false when it did.</summary>
    Task<bool> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Records the entry inside the caller's transaction, so it exists exactly when the change does.</summary>
    Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken);

    Task<(IReadOnlyList<AuditEntry> Entries, long Total)> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
