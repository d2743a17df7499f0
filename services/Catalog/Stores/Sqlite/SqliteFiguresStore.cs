using Microsoft.Data.Sqlite;
using Platform.Catalog.Figures;

namespace Platform.Catalog.Stores.Sqlite;

public sealed class SqliteFiguresStore(Guid tenantId, SqliteTenantDatabases databases) : IFiguresStore
{
    public async Task<TenantFigures> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var select = new SqliteCommand(FiguresSql.Sqlite, connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TenantFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
