using System.Text.RegularExpressions;
using Platform.Replication.Configuration;

namespace Platform.Replication.Registry;

/// <summary>
/// Turns a tenant id and a database name into a file inside a watched folder, and nothing else: clients never send a
/// path. Names are checked before they touch the file system, and the file's real path (symbolic links followed) must
/// still lie inside the folder it was found in.
/// </summary>
public sealed partial class DatabaseLocator(ReplicationOptions options)
{
    private readonly Regex? tenantPattern = options.AutoDiscovery.TenantPattern is { } pattern
        ? new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
        : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The database's name when a tenant keeps one database directly in the folder: the tenant id itself.</summary>
    public static string DefaultName(Guid tenantId) => tenantId.ToString("D");

    /// <summary>The existing file for <paramref name="databaseName"/> of <paramref name="tenantId"/>, or null (unknown or escaping its folder).</summary>
    public string? Locate(Guid tenantId, string databaseName)
    {
        if (tenantId == Guid.Empty || !IsValidName(databaseName))
        {
            return null;
        }

        if (Configured().FirstOrDefault(database => database.TenantId == tenantId && database.DatabaseName == databaseName) is { Path: { } path })
        {
            return path;
        }

        foreach (var folder in options.WatchFolders)
        {
            var candidate = databaseName == DefaultName(tenantId)
                ? Path.Combine(folder, $"{databaseName}.db")
                : Path.Combine(folder, tenantId.ToString("D"), $"{databaseName}.db");
            if (File.Exists(candidate) && IsInside(folder, candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>The databases of <see cref="ReplicationOptions.Clients"/> whose file exists inside its watch folder.</summary>
    public IEnumerable<(Guid TenantId, string DatabaseName, string Path)> Configured()
    {
        foreach (var client in options.Clients.Where(client => client.TenantId != Guid.Empty && !string.IsNullOrWhiteSpace(client.DbPath)))
        {
            var path = Path.GetFullPath(client.DbPath!);
            var folder = options.WatchFolders.FirstOrDefault(folder => IsUnder(folder, path));
            if (folder is not null && NameOf(client.TenantId, path) is { } name && File.Exists(path) && IsInside(folder, path))
            {
                yield return (client.TenantId, name, path);
            }
        }
    }

    /// <summary>
    /// Every database in the watched folders, by either layout (or by <see cref="AutoDiscoveryOptions.TenantPattern"/>
    /// when set); names that are not ours are ignored.
    /// </summary>
    public IEnumerable<(Guid TenantId, string DatabaseName, string Path)> Discover()
    {
        var patterns = options.AutoDiscovery.EffectivePatterns;
        foreach (var folder in options.WatchFolders.Where(Directory.Exists))
        {
            var found = tenantPattern is null
                ? patterns.SelectMany(pattern => BuiltInLayouts(folder, pattern))
                : patterns.SelectMany(pattern => MatchingTenantPattern(folder, pattern, tenantPattern));
            foreach (var database in found.DistinctBy(database => database.Path))
            {
                yield return database;
            }
        }
    }

    private static IEnumerable<(Guid TenantId, string DatabaseName, string Path)> BuiltInLayouts(string folder, string pattern)
    {
        foreach (var file in Directory.EnumerateFiles(folder, pattern))
        {
            if (Guid.TryParse(Path.GetFileNameWithoutExtension(file), out var tenant) && tenant != Guid.Empty && IsInside(folder, file))
            {
                yield return (tenant, DefaultName(tenant), Path.GetFullPath(file));
            }
        }

        foreach (var tenantFolder in Directory.EnumerateDirectories(folder))
        {
            if (!Guid.TryParse(Path.GetFileName(tenantFolder), out var tenant) || tenant == Guid.Empty)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(tenantFolder, pattern))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (IsValidName(name) && name != DefaultName(tenant) && IsInside(folder, file))
                {
                    yield return (tenant, name, Path.GetFullPath(file));
                }
            }
        }
    }

    private static IEnumerable<(Guid TenantId, string DatabaseName, string Path)> MatchingTenantPattern(string folder, string pattern, Regex tenantPattern)
    {
        // Links are not followed while walking: a linked folder could loop or lead outside the watch folder.
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(folder, pattern, walk))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var match = tenantPattern.Match(relative);
            if (match.Success && Guid.TryParse(match.Groups["tenant"].Value, out var tenant) && tenant != Guid.Empty
                && NameOf(tenant, file) is { } name && IsInside(folder, file))
            {
                yield return (tenant, name, Path.GetFullPath(file));
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> lies under <paramref name="folder"/> as written (the file need not exist yet).</summary>
    public static bool IsUnder(string folder, string path)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>
    /// The database name of a file given for <paramref name="tenantId"/>: the tenant id for <c>{tenant}.db</c>, else the
    /// file's name; null when that is not a valid name or is another tenant's GUID.
    /// </summary>
    public static string? NameOf(Guid tenantId, string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (Guid.TryParse(name, out var tenant))
        {
            return tenant == tenantId ? DefaultName(tenantId) : null;
        }

        return IsValidName(name) ? name : null;
    }

    private static bool IsInside(string folder, string file)
    {
        var root = RealPath(Path.GetFullPath(folder)).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return RealPath(Path.GetFullPath(file)).StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link along it resolved.</summary>
    private static string RealPath(string path)
    {
        var parent = Path.GetDirectoryName(path);
        var resolvedParent = parent is null ? null : RealPath(parent);
        var here = resolvedParent is null ? path : Path.Combine(resolvedParent, Path.GetFileName(path));
        var info = new FileInfo(here);
        var target = info.Exists || Directory.Exists(here) ? info.ResolveLinkTarget(returnFinalTarget: true) : null;
        return target is null ? here : RealPath(Path.GetFullPath(target.FullName));
    }
}
