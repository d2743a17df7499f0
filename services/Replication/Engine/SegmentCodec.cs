using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using K4os.Compression.LZ4;
using Microsoft.Win32.SafeHandles;

namespace Platform.Replication.Engine;

/// <summary>
/// Replica objects (snapshots and WAL segments) as stored: the magic <c>RPL3</c>, then the content in chunks of at most
/// <see cref="ChunkSize"/>, then an all-zero chunk header that ends the object. A chunk is
/// <c>[int32 LE length][int32 LE stored length][uint64 LE XxHash3 of its content][LZ4 block]</c>; a chunk that LZ4 does
/// not make smaller is stored as it is, which its stored length being equal to its length says. Independent chunks let a
/// large snapshot be compressed and restored on every core, and written to disk while the rest is still downloading;
/// LZ4 (as Litestream uses) decodes several times faster than gzip. Objects of the earlier formats (<c>RPL1</c>,
/// <c>RPL2</c>: see <see cref="LegacySegmentFormats"/>) are still read. Decoding refuses any object whose content does
/// not match its checksums or that stops before its end.
/// </summary>
public static class SegmentCodec
{
    public const int ChunkSize = 4 * 1024 * 1024;

    private const int ChunkHeaderSize = 4 + 4 + 8;

    /// <summary>LZ4 cannot expand a block by more (a byte of run length per 255 bytes): a header claiming more is forged.</summary>
    private const long MaxLz4Ratio = 256;
    private static readonly byte[] Magic = "RPL3"u8.ToArray();

    private static readonly ChunkedFormat Lz4Format = new(ChunkHeaderSize, ReadChunkHeader, DecodeChunk);
    private static readonly ChunkedFormat GzipFormat = new(
        LegacySegmentFormats.SecondFormatHeaderSize, LegacySegmentFormats.ReadSecondFormatHeader, LegacySegmentFormats.InflateSecondFormatChunk);

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
                var partLength = (int)Math.Min(ChunkSize, length - start);
                var part = ArrayPool<byte>.Shared.Rent(partLength);
                try
                {
                    for (var read = 0; read < partLength;)
                    {
                        var count = RandomAccess.Read(source, part.AsSpan(read, partLength - read), start + read);
                        read += count > 0 ? count : throw new IOException($"'{sourcePath}' became shorter while it was encoded.");
                    }

                    chunks[i] = CompressChunk(part.AsSpan(0, partLength));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(part);
                }
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

    /// <summary>One chunk as stored: its header, then its LZ4 block, or its content as is if LZ4 does not shrink it.</summary>
    private static byte[] CompressChunk(ReadOnlySpan<byte> part)
    {
        var compressed = ArrayPool<byte>.Shared.Rent(part.Length);
        try
        {
            // A target one byte short of the content: LZ4 gives up (returns <= 0) as soon as it would not save a byte.
            var compressedLength = LZ4Codec.Encode(part, compressed.AsSpan(0, part.Length - 1), LZ4Level.L00_FAST);
            var body = compressedLength > 0 ? compressed.AsSpan(0, compressedLength) : part;
            var chunk = new byte[ChunkHeaderSize + body.Length];
            BinaryPrimitives.WriteInt32LittleEndian(chunk, part.Length);
            BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), body.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(8), XxHash3.HashToUInt64(part));
            body.CopyTo(chunk.AsSpan(ChunkHeaderSize));
            return chunk;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    public static byte[] Decode(byte[] stored, string key)
    {
        var magic = stored.AsSpan(0, Math.Min(stored.Length, Magic.Length));
        if (magic.SequenceEqual(LegacySegmentFormats.FirstMagic))
        {
            return LegacySegmentFormats.DecodeFirstFormat(stored, key);
        }

        var format = ChunkedFormatOf(magic, key);
        var chunks = ReadChunkTable(stored, format, key);
        var content = new byte[chunks.Sum(chunk => (long)chunk.Header.Length)];
        try
        {
            Parallel.ForEach(chunks, chunk => format.DecodeChunk(
                new ArraySegment<byte>(stored, chunk.StoredAt, chunk.Header.StoredLength), content.AsSpan((int)chunk.Offset, chunk.Header.Length), chunk.Header, key));
        }
        catch (AggregateException exception) when (exception.InnerExceptions[0] is RestoreException damaged)
        {
            ExceptionDispatchInfo.Throw(damaged);
        }

        return content;
    }

    /// <summary>
    /// Writes an object's content into <paramref name="file"/> from offset 0 as it is read from <paramref name="source"/>:
    /// chunks are decoded and checked on the thread pool, a few at a time, while the next ones arrive. Returns its length.
    /// </summary>
    public static async Task<long> DecodeToFileAsync(Stream source, string key, SafeFileHandle file, CancellationToken cancellationToken)
    {
        var magic = new byte[Magic.Length];
        await ReadAsync(source, magic, key, cancellationToken);
        if (magic.AsSpan().SequenceEqual(LegacySegmentFormats.FirstMagic))
        {
            using var rest = new MemoryStream();
            rest.Write(magic);
            await source.CopyToAsync(rest, cancellationToken);
            var content = LegacySegmentFormats.DecodeFirstFormat(rest.ToArray(), key);
            await RandomAccess.WriteAsync(file, content, 0, cancellationToken);
            return content.Length;
        }

        var format = ChunkedFormatOf(magic, key);
        using var inFlight = new SemaphoreSlim(Environment.ProcessorCount * 2);
        var work = new List<Task>();
        var offset = 0L;
        try
        {
            var headerBytes = new byte[format.HeaderSize];
            while (true)
            {
                await ReadAsync(source, headerBytes, key, cancellationToken);
                var header = format.ReadHeader(headerBytes, key);
                if (header.Length == 0)
                {
                    break;
                }

                var stored = ArrayPool<byte>.Shared.Rent(header.StoredLength);
                try
                {
                    await ReadAsync(source, stored.AsMemory(0, header.StoredLength), key, cancellationToken);
                    await inFlight.WaitAsync(cancellationToken);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(stored);
                    throw;
                }

                var at = offset;
                // Queued without the token: once queued, a chunk's task must run to give its buffers and slot back.
                work.Add(Task.Run(() =>
                {
                    var content = ArrayPool<byte>.Shared.Rent(header.Length);
                    try
                    {
                        format.DecodeChunk(new ArraySegment<byte>(stored, 0, header.StoredLength), content.AsSpan(0, header.Length), header, key);
                        RandomAccess.Write(file, content.AsSpan(0, header.Length), at);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(content);
                        ArrayPool<byte>.Shared.Return(stored);
                        inFlight.Release();
                    }
                }, CancellationToken.None));
                offset += header.Length;
            }
        }
        finally
        {
            await Task.WhenAll(work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(work); // the first damaged chunk's error, once every chunk has stopped writing
        return offset;
    }

    private static ChunkedFormat ChunkedFormatOf(ReadOnlySpan<byte> magic, string key) =>
        magic.SequenceEqual(Magic) ? Lz4Format
        : magic.SequenceEqual(LegacySegmentFormats.SecondMagic) ? GzipFormat
        : throw NotAReplicationObject(key);

    private static List<Chunk> ReadChunkTable(byte[] stored, ChunkedFormat format, string key)
    {
        var chunks = new List<Chunk>();
        var (at, offset) = (Magic.Length, 0L);
        while (true)
        {
            if (at + format.HeaderSize > stored.Length)
            {
                throw Damaged(key, "it stops before its end");
            }

            var header = format.ReadHeader(stored.AsSpan(at, format.HeaderSize), key);
            if (header.Length == 0)
            {
                return chunks;
            }

            if (at + format.HeaderSize + (long)header.StoredLength > stored.Length)
            {
                throw Damaged(key, "it stops before its end");
            }

            chunks.Add(new Chunk(offset, header, at + format.HeaderSize));
            (at, offset) = (at + format.HeaderSize + header.StoredLength, offset + header.Length);
        }
    }

    private static ChunkHeader ReadChunkHeader(ReadOnlySpan<byte> header, string key)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var storedLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        var valid = length == 0
            ? storedLength == 0 && checksum == 0
            : length <= ChunkSize && storedLength > 0 && storedLength <= length && length <= storedLength * MaxLz4Ratio;
        return valid ? new ChunkHeader(length, storedLength, checksum) : throw Damaged(key, "a chunk header is not valid");
    }

    /// <summary>Decodes one chunk (an LZ4 block, or as is when its stored length is its length) and checks its XxHash3.</summary>
    private static void DecodeChunk(ArraySegment<byte> stored, Span<byte> content, ChunkHeader header, string key)
    {
        if (stored.Count == content.Length)
        {
            stored.AsSpan().CopyTo(content);
        }
        else if (LZ4Codec.Decode(stored, content) != content.Length)
        {
            throw Damaged(key, "a chunk does not decode to its length");
        }

        if (XxHash3.HashToUInt64(content) != header.Checksum)
        {
            throw Damaged(key, "a chunk does not match its checksum");
        }
    }

    private static async Task ReadAsync(Stream source, Memory<byte> buffer, string key, CancellationToken cancellationToken)
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

    internal static RestoreException NotAReplicationObject(string key) => new($"The replica object '{key}' is not a replication object.");

    internal static RestoreException Damaged(string key, string why) => new($"The replica object '{key}' is damaged: {why}");

    private sealed record Chunk(long Offset, ChunkHeader Header, int StoredAt);

    /// <summary>A chunked format (<c>RPL2</c> or <c>RPL3</c>): how its chunk headers read and how a chunk is decoded and checked.</summary>
    private sealed record ChunkedFormat(int HeaderSize, ChunkHeaderReader ReadHeader, ChunkDecoder DecodeChunk);
}

/// <summary>A chunk's header; <see cref="Checksum"/> is 0 in formats whose chunks carry their checksum elsewhere.</summary>
internal readonly record struct ChunkHeader(int Length, int StoredLength, ulong Checksum);

internal delegate ChunkHeader ChunkHeaderReader(ReadOnlySpan<byte> header, string key);

internal delegate void ChunkDecoder(ArraySegment<byte> stored, Span<byte> content, ChunkHeader header, string key);
