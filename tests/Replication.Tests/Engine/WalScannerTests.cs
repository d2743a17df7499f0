using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class WalScannerTests
{
    [Fact]
    public void New_frames_are_read_up_to_the_last_commit_and_a_corrupt_frame_ends_them()
    {
        using var source = new SourceDatabase();
        using var keepWal = KeepWal(source);
        source.Write(5);
        var wal = CopyWal(source, "copy-wal");

        var all = Assert.IsType<WalScan.NewFrames>(WalScanner.Scan(wal, 0, 0, null, default, false));
        Assert.Equal(new FileInfo(wal).Length, all.EndOffset);
        Assert.Equal(0, (all.Bytes.Length - WalFormat.HeaderSize) % all.Header.FrameSize);

        using (var file = new FileStream(wal, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length - 10;
            var original = file.ReadByte();
            file.Position = file.Length - 10;
            file.WriteByte((byte)(original ^ 0xff));
        }

        var valid = Assert.IsType<WalScan.NewFrames>(WalScanner.Scan(wal, 0, 0, null, default, false));
        Assert.True(valid.EndOffset < all.EndOffset, "the corrupt last commit is not shipped");
        Assert.True(valid.EndOffset > WalFormat.HeaderSize, "the commits before it are");
    }

    [Fact]
    public void A_wal_restarted_by_someone_else_or_cut_short_breaks_continuity_unless_the_engine_restarted_it()
    {
        using var source = new SourceDatabase();
        using var keepWal = KeepWal(source);
        source.Write(5);
        var before = Assert.IsType<WalScan.NewFrames>(WalScanner.Scan(CopyWal(source, "before-wal"), 0, 0, null, default, false));
        RestartWal(source, keepWal);
        var restarted = CopyWal(source, "restarted-wal");

        Assert.IsType<WalScan.ContinuityLost>(WalScanner.Scan(restarted, 0, before.EndOffset, before.Header, before.Checksum, restartExpected: false));
        var continued = Assert.IsType<WalScan.NewFrames>(WalScanner.Scan(restarted, 0, before.EndOffset, before.Header, before.Checksum, restartExpected: true));
        Assert.Equal((1L, 0L), (continued.Index, continued.Offset));

        var shortened = CopyWal(source, "short-wal");
        using (var file = new FileStream(shortened, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(WalFormat.HeaderSize + 10);
        }

        Assert.IsType<WalScan.ContinuityLost>(WalScanner.Scan(shortened, 1, continued.EndOffset, continued.Header, continued.Checksum, false));
        Assert.IsType<WalScan.Unchanged>(WalScanner.Scan(restarted, 1, continued.EndOffset, continued.Header, continued.Checksum, false));
    }

    [Fact]
    public void Two_restarts_between_scans_break_continuity_even_when_one_was_expected()
    {
        using var source = new SourceDatabase();
        using var keepWal = KeepWal(source);
        source.Write(5);
        var before = Assert.IsType<WalScan.NewFrames>(WalScanner.Scan(source.Path + "-wal", 0, 0, null, default, false));

        RestartWal(source, keepWal);
        RestartWal(source, keepWal);

        Assert.IsType<WalScan.ContinuityLost>(WalScanner.Scan(source.Path + "-wal", 0, before.EndOffset, before.Header, before.Checksum, restartExpected: true));
    }

    /// <summary>A checkpoint that copies every frame while nobody reads, then a write: SQLite starts the WAL over, as after the engine's own checkpoint.</summary>
    private static void RestartWal(SourceDatabase source, Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        SourceDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
        source.Write(2);
    }

    /// <summary>A connection that has read the database: while it is open, closing another does not remove the WAL.</summary>
    private static Microsoft.Data.Sqlite.SqliteConnection KeepWal(SourceDatabase source)
    {
        var connection = source.Open();
        SourceDatabase.Execute(connection, "SELECT COUNT(*) FROM items;");
        return connection;
    }

    private static string CopyWal(SourceDatabase source, string name)
    {
        var copy = source.OutputPath(name);
        using var from = new FileStream(source.Path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var to = File.Create(copy);
        from.CopyTo(to);
        return copy;
    }
}
