using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Platform.Replication.Engine;

/// <summary>
/// Replica objects (snapshots and WAL segments) as stored: the magic <c>RPL2</c>, then the content in chunks of at most
/// <see cref="ChunkSize"/>, each a gzip member of its own (whose CRC-32 checks it) behind its uncompressed and stored
/// lengths, then an empty chunk that ends the object. Independent chunks let a large snapshot
/// be compressed and restored on every core, and written to disk while the rest is still downloading. Objects of the
/// first format (<c>RPL1</c>: one checksum, one gzip stream) are still read. Decoding refuses any object whose content
/// does not match its checksums or that stops before its end.
/// </summary>
public static class SegmentCodec
{
    public const int ChunkSize = 4 * 1024 * 1024;

    private const int ChunkHeaderSize = 4 + 4;
    private static readonly byte[] Magic = "RPL2"u8.ToArray();
    private static readonly byte[] FirstMagic = "RPL1"u8.ToArray();

    public static byte[] Encode(ReadOnlyMemory<byte> content)
    {
        var chunks = new byte[(content.Length + ChunkSize - 1) / ChunkSize][];
        Parallel.For(0, chunks.Length, i => chunks[i] = CompressChunk(content.Slice(i * ChunkSize, Math.Min(ChunkSize, content.Length - i * ChunkSize)).Span));

        var output = new byte[Magic.Length + chunks.Sum(chunk => (long)chunk.Length) + ChunkHeaderSize];
        Magic.CopyTo(output, 0);
        var at = Magic.Length;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(output, at);
            at += chunk.Length;
        }

        return output; // ends with an all-zero chunk header: the end marker
    }

    /// <summary>
    /// Encodes the file at <paramref name="sourcePath"/> into <paramref name="destination"/>, the same bytes as
    /// <see cref="Encode"/>, a batch of chunks (one per core) at a time: it holds a few chunks, whatever the file's size.
    /// The file must not change meanwhile. Returns the encoded length.
    /// </summary>
    public static async Task<long> EncodeFileAsync(string sourcePath, Stream destination, CancellationToken cancellationToken)
    {
        using var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(source);
        var perBatch = Math.Max(2, Environment.ProcessorCount);
        await destination.WriteAsync(Magic, cancellationToken);
        var written = (long)Magic.Length;
        for (var batchStart = 0L; batchStart < length; batchStart += (long)perBatch * ChunkSize)
        {
            var chunks = new byte[(int)Math.Min(perBatch, (length - batchStart + ChunkSize - 1) / ChunkSize)][];
            Parallel.For(0, chunks.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var start = batchStart + (long)i * ChunkSize;
                var part = new byte[(int)Math.Min(ChunkSize, length - start)];
                for (var read = 0; read < part.Length;)
                {
                    var count = RandomAccess.Read(source, part.AsSpan(read), start + read);
                    read += count > 0 ? count : throw new IOException($"'{sourcePath}' became shorter while it was encoded.");
                }

                chunks[i] = CompressChunk(part);
            });
            foreach (var chunk in chunks)
            {
                await destination.WriteAsync(chunk, cancellationToken);
                written += chunk.Length;
            }
        }

        await destination.WriteAsync(new byte[ChunkHeaderSize], cancellationToken);
        return written + ChunkHeaderSize;
    }

    /// <summary>One chunk as stored: its uncompressed and stored lengths, then its own gzip member.</summary>
    private static byte[] CompressChunk(ReadOnlySpan<byte> part)
    {
        using var compressed = new MemoryStream(part.Length / 2 + ChunkHeaderSize);
        compressed.SetLength(ChunkHeaderSize);
        compressed.Position = ChunkHeaderSize;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(part);
        }

        var chunk = compressed.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(chunk, part.Length);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), chunk.Length - ChunkHeaderSize);
        return chunk;
    }

    public static byte[] Decode(byte[] stored, string key)
    {
        if (stored.AsSpan().StartsWith(FirstMagic))
        {
            return DecodeFirstFormat(stored, key);
        }

        var chunks = ReadChunkTable(stored, key);
        var content = new byte[chunks.Sum(chunk => (long)chunk.Length)];
        try
        {
            Parallel.ForEach(chunks, chunk => Inflate(stored, chunk.StoredAt, chunk.StoredLength, content.AsSpan((int)chunk.Offset, chunk.Length), key));
        }
        catch (AggregateException exception) when (exception.InnerExceptions[0] is RestoreException damaged)
        {
            ExceptionDispatchInfo.Throw(damaged);
        }

        return content;
    }

    /// <summary>
    /// Writes an object's content into <paramref name="file"/> from offset 0 as it is read from <paramref name="source"/>:
    /// chunks are inflated and checked on the thread pool, a few at a time, while the next ones arrive. Returns its length.
    /// </summary>
    public static async Task<long> DecodeToFileAsync(Stream source, string key, SafeFileHandle file, CancellationToken cancellationToken)
    {
        var magic = new byte[Magic.Length];
        await ReadAsync(source, magic, key, cancellationToken);
        if (magic.AsSpan().SequenceEqual(FirstMagic))
        {
            using var rest = new MemoryStream();
            rest.Write(magic);
            await source.CopyToAsync(rest, cancellationToken);
            var content = DecodeFirstFormat(rest.ToArray(), key);
            await RandomAccess.WriteAsync(file, content, 0, cancellationToken);
            return content.Length;
        }

        RequireMagic(magic, key);
        using var inFlight = new SemaphoreSlim(Environment.ProcessorCount * 2);
        var work = new List<Task>();
        var offset = 0L;
        try
        {
            var header = new byte[ChunkHeaderSize];
            while (true)
            {
                await ReadAsync(source, header, key, cancellationToken);
                var (length, storedLength) = ReadSizes(header, key);
                if (length == 0)
                {
                    break;
                }

                var stored = new byte[storedLength];
                await ReadAsync(source, stored, key, cancellationToken);
                var at = offset;
                await inFlight.WaitAsync(cancellationToken);
                work.Add(Task.Run(() =>
                {
                    try
                    {
                        var content = new byte[length];
                        Inflate(stored, 0, stored.Length, content, key);
                        RandomAccess.Write(file, content, at);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }, cancellationToken));
                offset += length;
            }
        }
        finally
        {
            await Task.WhenAll(work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(work); // the first damaged chunk's error, once every chunk has stopped writing
        return offset;
    }

    private static List<Chunk> ReadChunkTable(byte[] stored, string key)
    {
        RequireMagic(stored.AsSpan(0, Math.Min(stored.Length, Magic.Length)), key);
        var chunks = new List<Chunk>();
        var (at, offset) = (Magic.Length, 0L);
        while (true)
        {
            if (at + ChunkHeaderSize > stored.Length)
            {
                throw Damaged(key, "it stops before its end");
            }

            var (length, storedLength) = ReadSizes(stored.AsSpan(at, ChunkHeaderSize), key);
            if (length == 0)
            {
                return chunks;
            }

            if (at + ChunkHeaderSize + storedLength > stored.Length)
            {
                throw Damaged(key, "it stops before its end");
            }

            chunks.Add(new Chunk(offset, length, at + ChunkHeaderSize, storedLength));
            (at, offset) = (at + ChunkHeaderSize + storedLength, offset + length);
        }
    }

    private static (int Length, int StoredLength) ReadSizes(ReadOnlySpan<byte> header, string key)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var storedLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        return length is >= 0 and <= ChunkSize && storedLength >= 0 && (length > 0 || storedLength == 0)
            ? (length, storedLength)
            : throw Damaged(key, "a chunk header is not valid");
    }

    /// <summary>Inflates one chunk; the gzip trailer's CRC-32 and length are checked as the member ends.</summary>
    private static void Inflate(byte[] stored, int start, int count, Span<byte> content, string key)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(stored, start, count, writable: false), CompressionMode.Decompress);
            gzip.ReadExactly(content);
            if (gzip.Read(new byte[1]) != 0)
            {
                throw Damaged(key, "a chunk holds more than its length");
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            throw Damaged(key, exception.Message);
        }
    }

    private static byte[] DecodeFirstFormat(byte[] stored, string key)
    {
        if (stored.Length < FirstMagic.Length + 32)
        {
            throw new RestoreException($"The replica object '{key}' is not a replication object.");
        }

        using var input = new GZipStream(new MemoryStream(stored, FirstMagic.Length + 32, stored.Length - FirstMagic.Length - 32), CompressionMode.Decompress);
        using var content = new MemoryStream();
        try
        {
            input.CopyTo(content);
        }
        catch (InvalidDataException exception)
        {
            throw Damaged(key, exception.Message);
        }

        var bytes = content.ToArray();
        return SHA256.HashData(bytes).AsSpan().SequenceEqual(stored.AsSpan(FirstMagic.Length, 32))
            ? bytes
            : throw new RestoreException($"The replica object '{key}' does not match its checksum.");
    }

    private static void RequireMagic(ReadOnlySpan<byte> magic, string key)
    {
        if (!magic.SequenceEqual(Magic))
        {
            throw new RestoreException($"The replica object '{key}' is not a replication object.");
        }
    }

    private static async Task ReadAsync(Stream source, byte[] buffer, string key, CancellationToken cancellationToken)
    {
        try
        {
            await source.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw Damaged(key, "it stops before its end");
        }
    }

    private static RestoreException Damaged(string key, string why) => new($"The replica object '{key}' is damaged: {why}");

    private sealed record Chunk(long Offset, int Length, int StoredAt, int StoredLength);
}
