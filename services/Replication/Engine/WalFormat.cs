using System.Buffers.Binary;

namespace Platform.Replication.Engine;

/// <summary>
/// The SQLite WAL file format: a 32-byte header, then frames of a 24-byte header and one page. Every frame carries
/// the header's salts and a checksum chained from the header's; a frame whose salts or checksum do not match ends
/// the valid part of the file (what follows is left over from before the WAL was restarted).
/// </summary>
public static class WalFormat
{
    public const int HeaderSize = 32;
    public const int FrameHeaderSize = 24;

    public readonly record struct Header(bool BigEndianChecksums, int PageSize, uint CheckpointSequence, uint Salt1, uint Salt2, uint Checksum1, uint Checksum2)
    {
        public int FrameSize => FrameHeaderSize + PageSize;
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, out Header header)
    {
        header = default;
        if (bytes.Length < HeaderSize)
        {
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic is not (0x377f0682 or 0x377f0683))
        {
            return false;
        }

        var bigEndian = (magic & 1) == 1;
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
        pageSize = pageSize == 1 ? 65536 : pageSize;
        var (s1, s2) = Checksum(bigEndian, bytes[..24], 0, 0);
        header = new Header(bigEndian, pageSize, BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[24..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[28..]));
        return s1 == header.Checksum1 && s2 == header.Checksum2 && pageSize is >= 512 and <= 65536;
    }

    /// <summary>
    /// Checks the frame at the start of <paramref name="frame"/> against the header and the running checksum; on
    /// success returns the new running checksum, the page number and the database size in pages (non-zero on commit frames).
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> frame, Header header, ref (uint S1, uint S2) checksum, out uint pageNumber, out uint commitSize)
    {
        pageNumber = commitSize = 0;
        if (frame.Length < header.FrameSize
            || BinaryPrimitives.ReadUInt32BigEndian(frame[8..]) != header.Salt1
            || BinaryPrimitives.ReadUInt32BigEndian(frame[12..]) != header.Salt2)
        {
            return false;
        }

        var (s1, s2) = Checksum(header.BigEndianChecksums, frame[..8], checksum.S1, checksum.S2);
        (s1, s2) = Checksum(header.BigEndianChecksums, frame.Slice(FrameHeaderSize, header.PageSize), s1, s2);
        if (s1 != BinaryPrimitives.ReadUInt32BigEndian(frame[16..]) || s2 != BinaryPrimitives.ReadUInt32BigEndian(frame[20..]))
        {
            return false;
        }

        checksum = (s1, s2);
        pageNumber = BinaryPrimitives.ReadUInt32BigEndian(frame);
        commitSize = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        return pageNumber > 0;
    }

    private static (uint, uint) Checksum(bool bigEndian, ReadOnlySpan<byte> data, uint s1, uint s2)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s1 += x0 + s2;
                s2 += x1 + s1;
            }
        }

        return (s1, s2);
    }
}
