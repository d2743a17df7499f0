using System.Text;
using Microsoft.Data.Sqlite;
using Platform.Catalog.Products;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>A page of a SQLite tenant's products with its total, both read from one snapshot of the file.</summary>
internal static class SqliteProductList
{
    public static async Task<ProductPage> ReadAsync(Guid tenantId, SqliteTenantDatabases databases, ProductQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await databases.OpenAsync(tenantId, cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var where = Filter(query);

        await using var count = new SqliteCommand($"SELECT count(*) FROM products p WHERE {where}", connection, snapshot);
        AddFilterValues(count, query);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;

        var direction = query.Descending ? "DESC" : "ASC";
        await using var page = new SqliteCommand($"""
            {SqliteProductStore.Select}
            WHERE {where}
            ORDER BY {SortColumn(query.Sort)} {direction}, p.id {direction}
            LIMIT $limit OFFSET $offset
            """, connection, snapshot);
        AddFilterValues(page, query);
        page.Parameters.AddWithValue("$limit", query.PageSize);
        page.Parameters.AddWithValue("$offset", query.Offset);
        var items = new List<Product>();
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(SqliteProductStore.Read(tenantId, reader));
            }
        }

        return new ProductPage(items, total);
    }

    private static string Filter(ProductQuery query)
    {
        var where = new StringBuilder("p.deleted_at IS NULL");
        if (query.CategoryId is not null)
        {
            // The category and every category under it.
            where.Append("""
                 AND p.category_id IN (
                    WITH RECURSIVE tree(id) AS (SELECT $category UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id)
                    SELECT id FROM tree)
                """);
        }

        where.Append(query.Active is null ? "" : " AND p.active = $active");
        where.Append(query.Tag is null ? "" : " AND EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = $tag)");
        where.Append(query.MinPriceCents is null ? "" : " AND p.price_cents >= $minPrice");
        where.Append(query.MaxPriceCents is null ? "" : " AND p.price_cents <= $maxPrice");
        where.Append(query.NamePattern is null ? "" : " AND p.name_key LIKE $name ESCAPE '\\'");
        return where.ToString();
    }

    private static void AddFilterValues(SqliteCommand command, ProductQuery query)
    {
        if (query.CategoryId is { } categoryId)
        {
            command.Parameters.AddWithValue("$category", SqliteValues.Id(categoryId));
        }

        if (query.Active is { } active)
        {
            command.Parameters.AddWithValue("$active", active ? 1 : 0);
        }

        if (query.Tag is { } tag)
        {
            command.Parameters.AddWithValue("$tag", tag);
        }

        if (query.MinPriceCents is { } min)
        {
            command.Parameters.AddWithValue("$minPrice", min);
        }

        if (query.MaxPriceCents is { } max)
        {
            command.Parameters.AddWithValue("$maxPrice", max);
        }

        if (query.NamePattern is { } pattern)
        {
            command.Parameters.AddWithValue("$name", pattern);
        }
    }

    private static string SortColumn(ProductSortField sort) => sort switch
    {
        ProductSortField.Name => "p.name_key",
        ProductSortField.Price => "p.price_cents",
        _ => "p.created_at",
    };
}
