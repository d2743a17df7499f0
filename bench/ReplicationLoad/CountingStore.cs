using Platform.Replication.Engine;

namespace Platform.Bench.ReplicationLoad;

/// <summary>A replica store that counts the requests it sends on, into one counter shared by every tenant's store.</summary>
public sealed class CountingStore(IReplicaStore inner, RequestCounter counter) : IReplicaStore
{
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.PutAsync(key, content, cancellationToken);
    }

    public Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.PutFileAsync(key, path, cancellationToken);
    }

    public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<ReplicaObject>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.ListAsync(prefix, cancellationToken);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        counter.Add();
        return inner.DeleteAsync(keys, cancellationToken);
    }
}

public sealed class RequestCounter
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Add() => Interlocked.Increment(ref count);
}
