using System.Text;
using Npgsql;
using Platform.Catalog.Products;

namespace Platform.Catalog.Stores.Postgres;

/// <summary>
/// A page of a PostgreSQL tenant's products with its total, in one round trip: the count and the page are two
/// statements of one batch, so a page past the last still reports the total.
/// </summary>
internal static class PostgresProductList
{
    public static async Task<ProductPage> ReadAsync(Guid tenantId, NpgsqlDataSource dataSource, ProductQuery query, CancellationToken cancellationToken)
    {
        var (where, values) = Filter(query);
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM catalog.products p WHERE {where}");
        var page = new NpgsqlBatchCommand($"""
            {PostgresProductStore.Select}
            WHERE {where}
            ORDER BY {SortColumn(query.Sort)} {Direction(query)}, p.id {Direction(query)}
            LIMIT ${values.Count + 2} OFFSET ${values.Count + 3}
            """);
        foreach (var command in new[] { count, page })
        {
            command.Parameters.Add(new() { Value = tenantId });
            foreach (var value in values)
            {
                command.Parameters.Add(new() { Value = value });
            }
        }

        page.Parameters.Add(new() { Value = query.PageSize });
        page.Parameters.Add(new() { Value = query.Offset });

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = PostgresTenantScope.Batch(connection, null, tenantId, count, page);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<Product>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(PostgresProductStore.Read(tenantId, reader));
        }

        return new ProductPage(items, total);
    }

    /// <summary>The conditions over <c>products p</c>, with $1 the tenant and the values from $2 on.</summary>
    private static (string Where, List<object> Values) Filter(ProductQuery query)
    {
        var where = new StringBuilder("p.tenant_id = $1 AND p.deleted_at IS NULL");
        var values = new List<object>();
        string Next(object value)
        {
            values.Add(value);
            return $"${values.Count + 1}";
        }

        if (query.CategoryId is { } categoryId)
        {
            // The category and every category under it.
            where.Append($"""
                 AND p.category_id IN (
                    WITH RECURSIVE tree(id) AS (
                        SELECT {Next(categoryId)}::uuid
                        UNION SELECT c.id FROM catalog.categories c JOIN tree ON c.parent_id = tree.id WHERE c.tenant_id = $1)
                    SELECT id FROM tree)
                """);
        }

        if (query.Active is { } active)
        {
            where.Append($" AND p.active = {Next(active)}");
        }

        if (query.Tag is { } tag)
        {
            where.Append($" AND p.tags @> ARRAY[{Next(tag)}]::text[]");
        }

        if (query.MinPriceCents is { } min)
        {
            where.Append($" AND p.price_cents >= {Next(min)}");
        }

        if (query.MaxPriceCents is { } max)
        {
            where.Append($" AND p.price_cents <= {Next(max)}");
        }

        if (query.NamePattern is { } pattern)
        {
            where.Append($" AND p.name_key LIKE {Next(pattern)} ESCAPE '\\'");
        }

        return (where.ToString(), values);
    }

    private static string SortColumn(ProductSortField sort) => sort switch
    {
        ProductSortField.Name => "p.name_key",
        ProductSortField.Price => "p.price_cents",
        _ => "p.created_at",
    };

    private static string Direction(ProductQuery query) => query.Descending ? "DESC" : "ASC";
}
