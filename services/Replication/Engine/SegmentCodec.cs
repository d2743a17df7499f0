using System.IO.Compression;
using System.Security.Cryptography;

namespace Platform.Replication.Engine;

/// <summary>
/// Replica objects (snapshots and WAL segments) as stored: a 4-byte magic, the SHA-256 of the uncompressed content,
/// then the content gzip-compressed. Decoding refuses any object whose content does not match its checksum.
/// </summary>
public static class SegmentCodec
{
    private static readonly byte[] Magic = "RPL1"u8.ToArray();

    public static byte[] Encode(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream();
        output.Write(Magic);
        output.Write(SHA256.HashData(content));
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public static byte[] Decode(byte[] stored, string key)
    {
        if (stored.Length < Magic.Length + 32 || !stored.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new RestoreException($"The replica object '{key}' is not a replication object.");
        }

        using var input = new GZipStream(new MemoryStream(stored, Magic.Length + 32, stored.Length - Magic.Length - 32), CompressionMode.Decompress);
        using var content = new MemoryStream();
        try
        {
            input.CopyTo(content);
        }
        catch (InvalidDataException exception)
        {
            throw new RestoreException($"The replica object '{key}' is damaged: {exception.Message}");
        }

        var bytes = content.ToArray();
        if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(stored.AsSpan(Magic.Length, 32)))
        {
            throw new RestoreException($"The replica object '{key}' does not match its checksum.");
        }

        return bytes;
    }
}
