using Npgsql;
using Platform.Catalog.Figures;

namespace Platform.Catalog.Stores.Postgres;

public sealed class PostgresFiguresStore(Guid tenantId, NpgsqlDataSource dataSource) : IFiguresStore
{
    public async Task<TenantFigures> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var select = new NpgsqlBatchCommand(FiguresSql.Postgres) { Parameters = { new() { Value = tenantId } } };
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TenantFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
