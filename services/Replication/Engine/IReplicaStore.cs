namespace Platform.Replication.Engine;

/// <summary>
/// The objects of one tenant's replica prefix (<c>databases/{tenant}/</c>). Keys are relative to that prefix, so a
/// store can never read or write another tenant's objects. Implementations: <see cref="FileSystemReplicaStore"/>
/// (embedded default) and <see cref="S3ReplicaStore"/>.
/// </summary>
public interface IReplicaStore
{
    /// <summary>Writes an object whole; a reader never sees a partial object.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an object whole from a local file, for objects too large to hold in memory (snapshots); a reader never
    /// sees a partial object. The file must not change meanwhile.
    /// </summary>
    Task PutFileAsync(string key, string path, CancellationToken cancellationToken);

    /// <summary>Reads an object whole; <see cref="FileNotFoundException"/> when it does not exist.</summary>
    Task<byte[]> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads an object as a stream, for objects too large to hold whole; <see cref="FileNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    Task<IReadOnlyList<ReplicaObject>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the objects; keys that do not exist are ignored.</summary>
    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
