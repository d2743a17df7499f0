namespace Platform.Replication.Engine;

/// <summary>What a look at the WAL file found since the last shipped position.</summary>
internal abstract record WalScan
{
    /// <summary>No new committed frame.</summary>
    public sealed record Unchanged : WalScan;

    /// <summary>The WAL cannot be shown to continue what was shipped: a new generation is needed.</summary>
    public sealed record ContinuityLost(string Reason) : WalScan;

    /// <summary>
    /// New committed frames: <see cref="Bytes"/> are the WAL's bytes from <see cref="Offset"/> (with the WAL header when
    /// the offset is 0) up to the end of the last commit frame, in WAL index <see cref="Index"/>.
    /// </summary>
    public sealed record NewFrames(long Index, long Offset, byte[] Bytes, WalFormat.Header Header, (uint S1, uint S2) Checksum) : WalScan
    {
        public long EndOffset => Offset + Bytes.Length;
    }
}
