using System.Net.Http.Json;
using Npgsql;
using Platform.Catalog.Tenants;

namespace Platform.Catalog.Tests;

/// <summary>
/// Row-level security is the second wall in the shared database: even a query that forgets its tenant filter sees
/// only the scoped tenant's rows, and cannot write another tenant's.
/// </summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private readonly CatalogFixture catalog = new();

    public Task InitializeAsync() => catalog.InitializeAsync();

    public Task DisposeAsync() => catalog.DisposeAsync();

    [Fact]
    public async Task A_query_without_a_tenant_filter_sees_only_the_scoped_tenants_rows_and_cannot_write_anothers()
    {
        var first = await catalog.ProvisionAsync(StoreKind.Postgres);
        var second = await catalog.ProvisionAsync(StoreKind.Postgres);
        foreach (var tenant in new[] { first, first, second })
        {
            using var client = catalog.ClientFor(tenant);
            using var created = await client.PostAsJsonAsync("/api/products", new { name = "Produto", priceCents = 100 });
            created.EnsureSuccessStatusCode();
        }

        Assert.Equal(2L, await CountAsTenantAsync(first.ToString()));
        Assert.Equal(1L, await CountAsTenantAsync(second.ToString()));
        Assert.Equal(0L, await CountAsTenantAsync(null));

        var crossWrite = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsTenantAsync(first.ToString(), $"""
            INSERT INTO catalog.products (tenant_id, id, name, price_cents, currency, version, created_at, updated_at)
            VALUES ('{second}', gen_random_uuid(), 'Intruso', 1, 'BRL', 1, now(), now())
            """));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, crossWrite.SqlState);
        var crossUpdate = await ExecuteAsTenantAsync(first.ToString(), "UPDATE catalog.products SET name = 'Alterado'");
        Assert.Equal(2, crossUpdate);
    }

    private async Task<long> CountAsTenantAsync(string? tenant)
    {
        await using var connection = await catalog.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, tenant);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM catalog.products", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<int> ExecuteAsTenantAsync(string tenant, string sql)
    {
        await using var connection = await catalog.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScopeAsync(connection, tenant);
        await using var command = new NpgsqlCommand(sql, connection);
        var affected = await command.ExecuteNonQueryAsync();
        await transaction.RollbackAsync();
        return affected;
    }

    private static async Task ScopeAsync(NpgsqlConnection connection, string? tenant)
    {
        await using var scope = new NpgsqlCommand(
            "SELECT set_config('app.tenant_id', coalesce($1, ''), true), set_config('role', 'catalog_tenant', true)", connection);
        scope.Parameters.Add(new() { Value = (object?)tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await scope.ExecuteNonQueryAsync();
    }
}
