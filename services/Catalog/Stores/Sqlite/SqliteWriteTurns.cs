using System.Collections.Concurrent;

namespace Platform.Catalog.Stores.Sqlite;

/// <summary>
/// One writer at a time per tenant file within this process, woken in turn. SQLite allows one writer per file anyway;
/// left to its busy handler, the waiting writers poll with sleeps growing to 100 ms and the unlucky ones wait for a
/// second under load. Here a writer that finishes hands the file straight to the next waiting thread. The wait
/// blocks its thread on purpose: Microsoft.Data.Sqlite's async calls run synchronously anyway, and an async hand-over
/// would queue each next writer behind the thread pool's backlog, which halved order throughput when it was tried.
/// Writers in other processes (another instance, the replicator's checkpoints) still meet SQLite's busy handler.
/// </summary>
public sealed class SqliteWriteTurns(TimeSpan timeout)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> turns = new();

    /// <summary>Waits for the file's turn; dispose the result to pass it on.</summary>
    public Turn Take(Guid tenantId, CancellationToken cancellationToken)
    {
        var turn = turns.GetOrAdd(tenantId, static _ => new SemaphoreSlim(1, 1));
        if (!turn.Wait(timeout, cancellationToken))
        {
            throw new TimeoutException($"Waited {timeout} for the write turn of tenant {tenantId}'s SQLite file.");
        }

        return new Turn(turn);
    }

    public sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
