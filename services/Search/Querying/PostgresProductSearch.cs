using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Platform.Search.Querying;

/// <summary>
/// The embedded engine's queries: PostgreSQL full text with accents folded and Portuguese stems
/// (<c>search.portuguese_unaccent</c>), name, tags and description weighted 3:2:1, and trigram word similarity on the
/// folded name for typos. User text and filters only ever travel as parameters; the sort is one of four fixed fragments.
/// One round trip and one statement: the page, the total and both facets come from the same matches.
/// </summary>
public sealed class PostgresProductSearch(NpgsqlDataSource dataSource) : IProductSearch
{
    /// <summary>How close a misspelt query must be to a word run of the name (pg_trgm word similarity) to find it.</summary>
    private const string TypoThreshold = "0.5";

    private static readonly long[] PriceEdges = [0, 5_000, 10_000, 25_000, 50_000];

    private const string Matched = """
        WITH input AS (
            SELECT websearch_to_tsquery('search.portuguese_unaccent'::regconfig, $2) AS ts, lower(search.immutable_unaccent($2)) AS folded
        ), matched AS (
            SELECT p.product_id, p.name, p.description, coalesce(c.name, p.category) AS category, p.tags, p.price_cents, p.currency,
                   s.available, coalesce(pop.units, 0) AS popularity, p.created_at,
                   CASE WHEN $2 IS NULL THEN 0
                        ELSE ts_rank('{0.1, 0.33, 0.67, 1.0}', p.document, input.ts) + 0.1 * word_similarity(input.folded, p.name_key)
                   END AS score
            FROM search.products p
            CROSS JOIN input
            LEFT JOIN search.categories c ON c.tenant_id = p.tenant_id AND c.category_id = p.category_id AND NOT c.deleted
            LEFT JOIN search.stock s ON s.tenant_id = p.tenant_id AND s.product_id = p.product_id
            LEFT JOIN search.popularity pop ON pop.tenant_id = p.tenant_id AND pop.product_id = p.product_id
            WHERE p.tenant_id = $1 AND p.active AND NOT p.deleted
              AND ($2 IS NULL OR p.document @@ input.ts OR p.name_key %> input.folded)
              AND ($3::text IS NULL OR lower(coalesce(c.name, p.category)) = lower($3))
              AND ($4::bigint IS NULL OR p.price_cents >= $4)
              AND ($5::bigint IS NULL OR p.price_cents <= $5)
              AND (NOT $6 OR coalesce(s.available, 0) > 0)
              AND (cardinality($7::text[]) = 0 OR p.tags @> $7)
        )
        """;

    /// <summary>
    /// The statements of one search, in order (also what the benchmark runs through pgbench as its reference). The matches
    /// are computed once (a CTE referenced several times is materialised) and serve the page, the total and both facets;
    /// a page past the end still returns one row, with the summary and no product.
    /// </summary>
    public static IReadOnlyList<NpgsqlBatchCommand> SearchCommands(Guid tenantId, ProductQuery query)
    {
        var order = OrderBy(query.Sort);
        var priceCounts = string.Join(", ", PriceEdges.Select((from, i) =>
            $"count(*) FILTER (WHERE price_cents >= {from}{(i + 1 < PriceEdges.Length ? $" AND price_cents < {PriceEdges[i + 1]}" : "")})"));
        return
        [
            new NpgsqlBatchCommand($"SELECT set_config('pg_trgm.word_similarity_threshold', '{TypoThreshold}', true)"),
            WithFilters(tenantId, query, $"""
                {Matched}, summary AS (
                    SELECT count(*) AS total, {priceCounts},
                           (SELECT coalesce(json_agg(json_build_array(f.category, f.n) ORDER BY f.n DESC, f.category NULLS LAST), '[]'::json)
                            FROM (SELECT category, count(*) AS n FROM matched GROUP BY category ORDER BY count(*) DESC, category NULLS LAST LIMIT 50) f)
                    FROM matched
                )
                SELECT page.*,
                       CASE WHEN $2 IS NULL THEN NULL ELSE ts_headline('search.portuguese_unaccent'::regconfig, page.name, input.ts,
                           'StartSel={Highlight.Start}, StopSel={Highlight.Stop}, HighlightAll=true') END,
                       CASE WHEN $2 IS NULL OR page.description IS NULL THEN NULL ELSE ts_headline('search.portuguese_unaccent'::regconfig,
                           page.description, input.ts, 'StartSel={Highlight.Start}, StopSel={Highlight.Stop}, MaxWords=30, MinWords=12') END,
                       summary.*
                FROM summary
                CROSS JOIN input
                LEFT JOIN LATERAL (SELECT * FROM matched ORDER BY {order} LIMIT $8 OFFSET $9) AS page ON true
                ORDER BY {order}
                """),
        ];
    }

    public async Task<SearchResult> SearchAsync(Guid tenantId, ProductQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in SearchCommands(tenantId, query))
        {
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var hits = new List<ProductHit>();
        const int summary = 13;
        long total = 0;
        var prices = new List<PriceFacet>();
        var categories = new List<CategoryFacet>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (prices.Count == 0)
            {
                total = reader.GetInt64(summary);
                prices = [.. PriceEdges.Select((from, i) =>
                    new PriceFacet(from, i + 1 < PriceEdges.Length ? PriceEdges[i + 1] : null, reader.GetInt64(summary + 1 + i)))];
                using var facet = JsonDocument.Parse(reader.GetString(summary + 1 + PriceEdges.Length));
                categories = [.. facet.RootElement.EnumerateArray().Select(pair => new CategoryFacet(pair[0].GetString(), pair[1].GetInt64()))];
            }

            if (reader.IsDBNull(0))
            {
                continue;
            }

            hits.Add(new ProductHit(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<string[]>(4),
                reader.GetInt64(5),
                reader.GetString(6).Trim(),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.GetInt64(8),
                Convert.ToDouble(reader.GetValue(10)),
                reader.IsDBNull(11) ? null : new HitHighlights(
                    Highlight.ToHtml(reader.GetString(11)), reader.IsDBNull(12) ? null : Highlight.ToHtml(reader.GetString(12)))));
        }

        return new SearchResult(total, hits, new SearchFacets(categories, prices));
    }

    /// <summary>The statements of one suggestion request, in order.</summary>
    public static IReadOnlyList<NpgsqlBatchCommand> SuggestCommands(Guid tenantId, string prefix, int limit)
    {
        var suggest = new NpgsqlBatchCommand("""
            WITH input AS (
                SELECT lower(search.immutable_unaccent($2)) AS pattern, lower(search.immutable_unaccent($3)) AS folded
            )
            SELECT p.product_id, p.name
            FROM search.products p
            CROSS JOIN input
            LEFT JOIN search.popularity pop ON pop.tenant_id = p.tenant_id AND pop.product_id = p.product_id
            WHERE p.tenant_id = $1 AND p.active AND NOT p.deleted
              AND (p.name_key LIKE '%' || input.pattern || '%' OR p.name_key %> input.folded)
            ORDER BY p.name_key LIKE input.pattern || '%' DESC,
                     ' ' || p.name_key LIKE '% ' || input.pattern || '%' DESC,
                     word_similarity(input.folded, p.name_key) DESC,
                     coalesce(pop.units, 0) DESC,
                     p.name
            LIMIT $4
            """)
        {
            Parameters =
            {
                new() { Value = tenantId },
                new() { Value = EscapeLike(prefix) },
                new() { Value = prefix },
                new() { Value = limit },
            },
        };
        return [new NpgsqlBatchCommand($"SELECT set_config('pg_trgm.word_similarity_threshold', '{TypoThreshold}', true)"), suggest];
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(Guid tenantId, string prefix, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in SuggestCommands(tenantId, prefix, limit))
        {
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var suggestions = new List<Suggestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            suggestions.Add(new Suggestion(reader.GetGuid(0), reader.GetString(1)));
        }

        return suggestions;
    }

    private static NpgsqlBatchCommand WithFilters(Guid tenantId, ProductQuery query, string sql) => new(sql)
    {
        Parameters =
        {
            new() { Value = tenantId },
            new() { Value = (object?)query.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)query.Category ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)query.MinPriceCents ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            new() { Value = (object?)query.MaxPriceCents ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            new() { Value = query.InStockOnly },
            new() { Value = query.Tags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = query.PageSize },
            new() { Value = query.Offset },
        },
    };

    private static string OrderBy(ProductSort sort) => sort switch
    {
        ProductSort.PriceAscending => "price_cents, product_id",
        ProductSort.PriceDescending => "price_cents DESC, product_id",
        ProductSort.Newest => "created_at DESC, product_id",
        _ => "score DESC, popularity DESC, product_id",
    };

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
