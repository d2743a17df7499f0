namespace Platform.Replication.Engine;

/// <summary>The replica store as files under one tenant's folder; writes go to a temporary file then are renamed.</summary>
public sealed class FileSystemReplicaStore(string root) : IReplicaStore
{
    private readonly string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteThenMoveAsync(key, async file => await file.WriteAsync(content, cancellationToken));

    public async Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await WriteThenMoveAsync(key, file => source.CopyToAsync(file, cancellationToken));
    }

    /// <summary>Writes a temporary file beside the key's file, then renames it into place; a failed write leaves nothing.</summary>
    private async Task WriteThenMoveAsync(string key, Func<FileStream, Task> write)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(file);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PathOf(key), cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));

    public Task<IReadOnlyList<ReplicaObject>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            return Task.FromResult<IReadOnlyList<ReplicaObject>>([]);
        }

        IReadOnlyList<ReplicaObject> objects = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => (Key: Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), Info: new FileInfo(path)))
            .Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(entry => new ReplicaObject(entry.Key, entry.Info.Length, entry.Info.LastWriteTimeUtc))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(objects);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            File.Delete(PathOf(key));
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' leaves the tenant's replica folder.", nameof(key));
        }

        return path;
    }
}
