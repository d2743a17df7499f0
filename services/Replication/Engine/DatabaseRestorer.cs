using Microsoft.Data.Sqlite;

namespace Platform.Replication.Engine;

/// <summary>
/// Restores a database from one tenant's replica store: the best snapshot plus WAL segments fetched in parallel,
/// written into a temporary file, checked with <c>PRAGMA integrity_check</c>, then moved into place.
/// </summary>
public sealed class DatabaseRestorer(IReplicaStore store, int parallelDownloads = 8)
{
    public async Task<RestoreResult> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        if (!ReplicaLayout.IsValidDatabaseName(request.DatabaseName))
        {
            throw new RestoreException($"'{request.DatabaseName}' is not a valid database name.");
        }

        if (File.Exists(request.OutputPath) && !request.Overwrite)
        {
            throw new RestoreException($"'{request.OutputPath}' exists; restore over it only when told to overwrite.");
        }

        var catalog = await ReplicaCatalog.LoadAsync(store, request.DatabaseName, cancellationToken);
        var plan = RestorePlan.Choose(catalog, request)
            ?? throw new RestoreException($"No replica of '{request.DatabaseName}' can restore the requested point.");

        var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(request.OutputPath)}.{Guid.NewGuid():N}.restoring");
        try
        {
            // The snapshot streams into the file while the WAL segments download beside it.
            var segments = new byte[plan.Segments.Count][];
            var segmentsFetched = Parallel.ForEachAsync(Enumerable.Range(0, segments.Length),
                new ParallelOptions { MaxDegreeOfParallelism = parallelDownloads, CancellationToken = cancellationToken },
                async (i, token) => segments[i] = SegmentCodec.Decode(await store.GetAsync(plan.Segments[i].Key, token), plan.Segments[i].Key));
            try
            {
                await WriteSnapshotAsync(temporary, plan.Snapshot.Key, cancellationToken);
            }
            finally
            {
                await segmentsFetched.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await segmentsFetched;
            var end = ApplySegments(temporary, plan.Segments, segments)
                ?? new ReplicaPosition(plan.Snapshot.Generation, plan.Snapshot.Index, plan.Snapshot.Offset);
            CheckIntegrity(temporary);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                File.Delete(request.OutputPath + suffix);
            }

            File.Move(temporary, request.OutputPath, overwrite: true);
            var last = plan.Segments.Count > 0 ? plan.Segments[^1] : plan.Snapshot;
            return new RestoreResult(request.OutputPath, end, last.At, plan.Segments.Count);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task WriteSnapshotAsync(string path, string key, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        await using var source = await store.OpenReadAsync(key, cancellationToken);
        await SegmentCodec.DecodeToFileAsync(source, key, file, cancellationToken);
    }

    private static ReplicaPosition? ApplySegments(string path, IReadOnlyList<ReplicaEntry> segments, byte[][] contents)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var generation = segments.Count > 0 ? segments[0].Generation : "";
        var (index, expectedOffset) = (-1L, 0L);
        WalFormat.Header header = default;
        long? pages = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var (segment, bytes) = (segments[i], contents[i]);
            if (segment.Index != index)
            {
                if (segment.Offset != 0 || !WalFormat.TryReadHeader(bytes, out header))
                {
                    throw new RestoreException($"WAL index {segment.Index:x} of generation {segment.Generation} does not start with its header.");
                }

                (index, expectedOffset) = (segment.Index, 0);
            }

            if (segment.Offset != expectedOffset)
            {
                throw new RestoreException($"A gap in generation {segment.Generation} before '{segment.Key}'.");
            }

            var frames = bytes.AsSpan(segment.Offset == 0 ? WalFormat.HeaderSize : 0);
            for (var at = 0; at + header.FrameSize <= frames.Length; at += header.FrameSize)
            {
                var frame = frames.Slice(at, header.FrameSize);
                var pageNumber = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame);
                var commitSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
                file.Position = (pageNumber - 1L) * header.PageSize;
                file.Write(frame[WalFormat.FrameHeaderSize..]);
                if (commitSize > 0)
                {
                    pages = commitSize;
                }
            }

            expectedOffset = segment.Offset + bytes.Length;
        }

        if (pages is { } size)
        {
            file.SetLength(size * header.PageSize);
        }

        // The copy is a plain database file: no WAL comes with it (file format bytes 18 and 19: legacy journal).
        file.Position = 18;
        file.Write([1, 1]);
        return segments.Count == 0 ? null : new ReplicaPosition(generation, index, expectedOffset);
    }

    private static void CheckIntegrity(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        // The check reads every page once: mapped, it reads them without a system call and a copy each, several
        // times faster on a large database (SQLite caps the mapping at its compiled maximum and reads the rest).
        command.CommandText = $"PRAGMA mmap_size = {new FileInfo(path).Length}; PRAGMA cache_size = -65536;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA integrity_check;";
        var result = command.ExecuteScalar() as string;
        if (result != "ok")
        {
            throw new RestoreException($"The restored database fails its integrity check: {result}");
        }
    }
}
