using System.Text.Json.Nodes;

namespace Platform.Search.Elasticsearch;

/// <summary>
/// The settings and explicit mapping of a tenant's product index (no dynamic fields). Text is analysed for Portuguese
/// with accents folded (<c>pt_folded</c>: lowercase, Portuguese stop words, asciifolding, light Portuguese stemmer),
/// so "calcado" finds "Calçados";
/// the name also has an edge-n-gram subfield for autocomplete and a folded keyword for prefixes and sorting.
/// </summary>
public static class ProductIndexMapping
{
    public const string FoldedAnalyzer = "pt_folded";
    public const string AutocompleteAnalyzer = "pt_autocomplete";
    public const string PrefixAnalyzer = "pt_prefix";

    // Named apart from Elasticsearch's built-in "lowercase" normalizer.
    public const string LowercaseNormalizer = "pt_lowercase_keyword";
    public const string FoldedNormalizer = "pt_folded_keyword";

    /// <summary>The body of <c>PUT /{index}</c>; <paramref name="alias"/>, when given, is created with the index.</summary>
    public static JsonObject CreateIndexBody(string? alias)
    {
        var body = new JsonObject
        {
            ["settings"] = Settings(),
            ["mappings"] = Mappings(),
        };
        if (alias is not null)
        {
            body["aliases"] = new JsonObject { [alias] = new JsonObject() };
        }

        return body;
    }

    private static JsonObject Settings() => new()
    {
        ["number_of_shards"] = 1,
        ["analysis"] = new JsonObject
        {
            ["filter"] = new JsonObject
            {
                ["pt_stemmer"] = new JsonObject { ["type"] = "stemmer", ["language"] = "light_portuguese" },
                ["pt_stop"] = new JsonObject { ["type"] = "stop", ["stopwords"] = "_portuguese_" },
                ["pt_edge_ngram"] = new JsonObject { ["type"] = "edge_ngram", ["min_gram"] = 1, ["max_gram"] = 20 },
            },
            ["normalizer"] = new JsonObject
            {
                [LowercaseNormalizer] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("lowercase") },
                [FoldedNormalizer] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("lowercase", "asciifolding") },
            },
            ["analyzer"] = new JsonObject
            {
                // Stop words before folding: the list spells them with accents ("não", "até").
                [FoldedAnalyzer] = Analyzer("lowercase", "pt_stop", "asciifolding", "pt_stemmer"),
                [AutocompleteAnalyzer] = Analyzer("lowercase", "asciifolding", "pt_edge_ngram"),
                [PrefixAnalyzer] = Analyzer("lowercase", "asciifolding"),
            },
        },
    };

    private static JsonObject Analyzer(params string[] filters) => new()
    {
        ["type"] = "custom",
        ["tokenizer"] = "standard",
        ["filter"] = new JsonArray([.. filters.Select(filter => (JsonNode)filter)]),
    };

    private static JsonObject Mappings() => new()
    {
        ["dynamic"] = "strict",
        ["properties"] = new JsonObject
        {
            ["tenant_id"] = Keyword(),
            ["product_id"] = Keyword(),
            ["name"] = new JsonObject
            {
                ["type"] = "text",
                ["analyzer"] = FoldedAnalyzer,
                ["fields"] = new JsonObject
                {
                    ["autocomplete"] = new JsonObject
                    {
                        ["type"] = "text", ["analyzer"] = AutocompleteAnalyzer, ["search_analyzer"] = PrefixAnalyzer,
                    },
                    ["sort"] = new JsonObject { ["type"] = "keyword", ["normalizer"] = FoldedNormalizer, ["ignore_above"] = 256 },
                },
            },
            ["description"] = new JsonObject { ["type"] = "text", ["analyzer"] = FoldedAnalyzer },
            ["category_id"] = Keyword(),
            ["category"] = new JsonObject
            {
                ["type"] = "keyword",
                ["fields"] = new JsonObject { ["lower"] = new JsonObject { ["type"] = "keyword", ["normalizer"] = LowercaseNormalizer } },
            },
            ["product_category"] = new JsonObject { ["type"] = "keyword", ["index"] = false },
            ["category_version"] = new JsonObject { ["type"] = "long" },
            ["tags"] = new JsonObject
            {
                ["type"] = "keyword",
                ["fields"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "text", ["analyzer"] = FoldedAnalyzer } },
            },
            ["price_cents"] = new JsonObject { ["type"] = "long" },
            ["currency"] = Keyword(),
            ["price_version"] = new JsonObject { ["type"] = "long" },
            ["available"] = new JsonObject { ["type"] = "integer" },
            ["stock_as_of_us"] = new JsonObject { ["type"] = "long" },
            ["popularity"] = new JsonObject { ["type"] = "long" },
            ["active"] = Keyword("boolean"),
            ["deleted"] = Keyword("boolean"),
            ["version"] = new JsonObject { ["type"] = "long" },
            ["created_at"] = new JsonObject { ["type"] = "date" },
            ["updated_at"] = new JsonObject { ["type"] = "date" },
            ["rebuild_copy"] = Keyword(),
        },
    };

    private static JsonObject Keyword(string type = "keyword") => new() { ["type"] = type };
}
