extern alias search;

using System.Globalization;
using System.Text;
using Npgsql;
using search::Platform.Search.Querying;

/// <summary>A pgbench script of the statements Search sends for one request, in one transaction as Search's batch runs.</summary>
internal static class PgbenchScript
{
    public static string For(string kind, Guid tenant, string text)
    {
        var commands = kind switch
        {
            "search" => PostgresProductSearch.SearchCommands(tenant, Query(text)),
            "suggest" => PostgresProductSearch.SuggestCommands(tenant, text, 8),
            _ => throw new ArgumentException($"Unknown kind {kind}."),
        };
        var script = new StringBuilder("BEGIN;\n");
        foreach (var command in commands)
        {
            var sql = command.CommandText;
            // Highest first, so $1 never rewrites the start of $10.
            for (var i = command.Parameters.Count; i >= 1; i--)
            {
                sql = sql.Replace($"${i}", Literal(command.Parameters[i - 1]));
            }

            // pgbench reads one statement per line unless it ends with a semicolon; join the lines.
            script.Append(string.Join(' ', sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).Append(";\n");
        }

        return script.Append("END;").ToString();
    }

    private static ProductQuery Query(string text)
    {
        if (!ProductQuery.TryCreate(new SearchParameters(text, null, null, null, null, null, null, null, null), out var query, out _))
        {
            throw new ArgumentException($"'{text}' is not a valid query.");
        }

        return query;
    }

    private static string Literal(NpgsqlParameter parameter) => parameter.Value switch
    {
        null or DBNull => $"NULL::{(parameter.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Bigint ? "bigint" : "text")}",
        Guid guid => $"'{guid}'::uuid",
        string value => $"'{value.Replace("'", "''")}'::text",
        string[] values => $"ARRAY[{string.Join(',', values.Select(value => $"'{value.Replace("'", "''")}'"))}]::text[]",
        bool value => value ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => throw new ArgumentException($"No literal for {other.GetType().Name}."),
    };
}
