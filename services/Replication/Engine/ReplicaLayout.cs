using System.Globalization;

namespace Platform.Replication.Engine;

/// <summary>
/// Object keys of the replica layout. A tenant's prefix is <c>databases/{tenant}/</c>; inside it every database has
/// its own folder named after the database: <c>{database}/generations/{generation}/snapshots/{index}-{offset}-{time}.snapshot.gz</c>
/// and <c>{database}/generations/{generation}/wal/{index}-{offset}-{time}.wal.gz</c>. Numbers are fixed-width lowercase
/// hex, so ordinal key order is position order; generation ids start with their creation time, so they sort by age.
/// </summary>
public static class ReplicaLayout
{
    public static string TenantPrefix(Guid tenantId) => $"databases/{tenantId:D}/";

    /// <summary>
    /// A database name is one path segment of the layout: letters, digits, '_', '-' and '.', starting with a letter
    /// or digit, at most 128 characters, so it can neither leave the tenant's prefix nor collide with the layout's folders.
    /// </summary>
    public static bool IsValidDatabaseName(string name) =>
        name.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(name[0]) && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    public static string GenerationsPrefix(string database) => $"{database}/generations/";

    public static string GenerationPrefix(string database, string generation) => $"{GenerationsPrefix(database)}{generation}/";

    public static string SnapshotsPrefix(string database, string generation) => $"{GenerationPrefix(database, generation)}snapshots/";

    public static string WalPrefix(string database, string generation) => $"{GenerationPrefix(database, generation)}wal/";

    public static string SnapshotKey(string database, string generation, long index, long offset, DateTimeOffset at) =>
        $"{SnapshotsPrefix(database, generation)}{index:x16}-{offset:x16}-{at.ToUnixTimeMilliseconds():x12}.snapshot.gz";

    public static string WalSegmentKey(string database, string generation, long index, long offset, DateTimeOffset at) =>
        $"{WalPrefix(database, generation)}{index:x16}-{offset:x16}-{at.ToUnixTimeMilliseconds():x12}.wal.gz";

    /// <summary>A new generation id: its creation time in milliseconds then random bits, 24 hex digits.</summary>
    public static string NewGeneration(DateTimeOffset now) =>
        $"{now.ToUnixTimeMilliseconds():x12}{Random.Shared.NextInt64(0, 1L << 48):x12}";

    /// <summary>Index, offset and time of a snapshot or WAL segment key; false for keys of any other shape.</summary>
    public static bool TryParseEntry(string key, out long index, out long offset, out DateTimeOffset at)
    {
        index = offset = 0;
        at = default;
        var name = key[(key.LastIndexOf('/') + 1)..];
        var parts = name.Split('.')[0].Split('-');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out index)
            || !long.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out offset)
            || !long.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }
}
