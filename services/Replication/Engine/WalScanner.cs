namespace Platform.Replication.Engine;

/// <summary>Reads the WAL file of a database from a shipped position and validates the frames after it.</summary>
internal static class WalScanner
{
    /// <param name="header">The header of the WAL index being shipped; null when the index starts (offset 0).</param>
    /// <param name="restartExpected">True right after the engine's own full checkpoint: a new header continues the history.</param>
    public static WalScan Scan(string walPath, long index, long offset, WalFormat.Header? header, (uint S1, uint S2) checksum, bool restartExpected)
    {
        using var file = OpenOrNull(walPath);
        var length = file?.Length ?? 0;
        if (file is null || length < WalFormat.HeaderSize)
        {
            return offset == 0 ? new WalScan.Unchanged() : new WalScan.ContinuityLost("the WAL was truncated");
        }

        var headerBytes = new byte[WalFormat.HeaderSize];
        file.ReadExactly(headerBytes);
        if (!WalFormat.TryReadHeader(headerBytes, out var current))
        {
            return offset == 0 ? new WalScan.Unchanged() : new WalScan.ContinuityLost("the WAL header is not valid");
        }

        if (header is { } shipped && (shipped.Salt1 != current.Salt1 || shipped.Salt2 != current.Salt2))
        {
            if (!restartExpected)
            {
                return new WalScan.ContinuityLost("the WAL was restarted by another connection");
            }

            // Each restart adds one to the first salt: anything else means a restart we never saw in between.
            if (current.Salt1 != unchecked(shipped.Salt1 + 1))
            {
                return new WalScan.ContinuityLost("the WAL was restarted more than once since the last sync");
            }

            (index, offset, header) = (index + 1, 0, null);
        }

        if (offset > length)
        {
            return new WalScan.ContinuityLost("the WAL is shorter than the shipped position");
        }

        var start = Math.Max(offset, WalFormat.HeaderSize);
        if (header is null)
        {
            checksum = (current.Checksum1, current.Checksum2);
        }

        var frames = new byte[length - start];
        file.Position = start;
        file.ReadExactly(frames);
        var validEnd = 0;
        var running = checksum;
        for (var at = 0; at + current.FrameSize <= frames.Length; at += current.FrameSize)
        {
            if (!WalFormat.TryReadFrame(frames.AsSpan(at, current.FrameSize), current, ref running, out _, out var commitSize))
            {
                break;
            }

            if (commitSize > 0)
            {
                validEnd = at + current.FrameSize;
                checksum = running;
            }
        }

        if (validEnd == 0 && offset > 0)
        {
            return new WalScan.Unchanged();
        }

        var bytes = offset == 0 ? [.. headerBytes, .. frames.AsSpan(0, validEnd)] : frames.AsSpan(0, validEnd).ToArray();
        return new WalScan.NewFrames(index, offset, bytes, current, checksum);
    }

    private static FileStream? OpenOrNull(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
