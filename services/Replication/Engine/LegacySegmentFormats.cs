using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Platform.Replication.Engine;

/// <summary>
/// Readers for the replica object formats written before <c>RPL3</c>, kept so that older replicas still restore:
/// <c>RPL1</c> (a SHA-256 of the content, then one gzip stream) and <c>RPL2</c> (chunks of at most
/// <see cref="SegmentCodec.ChunkSize"/>, each <c>[int32 LE length][int32 LE stored length][gzip member]</c>, then an
/// all-zero chunk header that ends the object; each gzip member's CRC-32 checks its chunk).
/// </summary>
internal static class LegacySegmentFormats
{
    public static readonly byte[] FirstMagic = "RPL1"u8.ToArray();
    public static readonly byte[] SecondMagic = "RPL2"u8.ToArray();
    public const int SecondFormatHeaderSize = 4 + 4;

    public static byte[] DecodeFirstFormat(byte[] stored, string key)
    {
        if (stored.Length < FirstMagic.Length + 32)
        {
            throw SegmentCodec.NotAReplicationObject(key);
        }

        using var input = new GZipStream(new MemoryStream(stored, FirstMagic.Length + 32, stored.Length - FirstMagic.Length - 32), CompressionMode.Decompress);
        using var content = new MemoryStream();
        try
        {
            input.CopyTo(content);
        }
        catch (InvalidDataException exception)
        {
            throw SegmentCodec.Damaged(key, exception.Message);
        }

        var bytes = content.ToArray();
        return SHA256.HashData(bytes).AsSpan().SequenceEqual(stored.AsSpan(FirstMagic.Length, 32))
            ? bytes
            : throw new RestoreException($"The replica object '{key}' does not match its checksum.");
    }

    public static ChunkHeader ReadSecondFormatHeader(ReadOnlySpan<byte> header, string key)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var storedLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        // Deflate expands a 4 MiB chunk by a few bytes at worst and compresses by 1032:1 at best: beyond is forged.
        return length is >= 0 and <= SegmentCodec.ChunkSize && storedLength is >= 0 and <= SegmentCodec.ChunkSize + 64 * 1024
            && (length > 0 || storedLength == 0) && length <= storedLength * 1032L + 64
            ? new ChunkHeader(length, storedLength, Checksum: 0)
            : throw SegmentCodec.Damaged(key, "a chunk header is not valid");
    }

    /// <summary>Inflates one chunk; the gzip trailer's CRC-32 and length are checked as the member ends.</summary>
    public static void InflateSecondFormatChunk(ArraySegment<byte> stored, Span<byte> content, ChunkHeader header, string key)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(stored.Array!, stored.Offset, stored.Count, writable: false), CompressionMode.Decompress);
            gzip.ReadExactly(content);
            if (gzip.Read(new byte[1]) != 0)
            {
                throw SegmentCodec.Damaged(key, "a chunk holds more than its length");
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            throw SegmentCodec.Damaged(key, exception.Message);
        }
    }
}
