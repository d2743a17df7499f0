using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>One SQL file, named <c>NNNN_description.sql</c>; once shipped its text never changes.</summary>
public sealed record Migration(string Version, string Sql)
{
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>The ordered migrations of one module's schema.</summary>
public sealed record MigrationSet(string Schema, IReadOnlyList<Migration> Migrations)
{
    /// <summary>The logical name prefix services give their <c>Migrations/Postgres/*.sql</c> embedded resources.</summary>
    public const string ResourcePrefix = "Migrations.Postgres.";

    /// <summary>Loads the migrations embedded under <paramref name="resourcePrefix"/> (one folder per SQL dialect).</summary>
    public static IReadOnlyList<Migration> LoadEmbedded(Assembly assembly, string resourcePrefix = ResourcePrefix)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var fileName = name[resourcePrefix.Length..^".sql".Length];
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new Migration(fileName, reader.ReadToEnd());
            })
            .OrderBy(migration => migration.Version, StringComparer.Ordinal)
            .ToList();

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"{assembly.GetName().Name} embeds no {resourcePrefix}*.sql files.");
        }

        return migrations;
    }
}
