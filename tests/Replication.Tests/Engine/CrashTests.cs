using System.Diagnostics;
using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class CrashTests
{
    [Fact]
    public async Task A_replicating_process_killed_mid_sync_leaves_a_replica_that_restores_a_prefix_of_the_source_and_a_restart_continues()
    {
        using var source = new SourceDatabase();
        await using var target = await ReplicaTarget.CreateAsync("filesystem");
        var root = ((FileSystemTargetSettings)target.Settings).Root;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Replication.Killable.dll"), source.Path, root, ReplicaTarget.Tenant.ToString()])
        {
            RedirectStandardOutput = true,
        };
        using (var process = Process.Start(start)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Equal("ready", line);
            await Task.Delay(300);
            process.Kill();
            await process.WaitForExitAsync(timeout.Token);
        }

        var afterCrash = source.OutputPath("after-crash.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", afterCrash), CancellationToken.None);
        var restored = SourceDatabase.Dump(afterCrash);
        var written = source.Dump();
        Assert.True(restored.Count >= 100, $"the commits shipped before 'ready' are restored ({restored.Count})");
        Assert.Equal(written.Take(restored.Count), restored);

        await using var restarted = target.Replicator(source);
        await restarted.SyncNowAsync(CancellationToken.None);
        var latest = source.OutputPath("after-restart.db");
        await new DatabaseRestorer(target.Store).RestoreAsync(new RestoreRequest("shop", latest), CancellationToken.None);
        Assert.Equal(written, SourceDatabase.Dump(latest));
        Assert.Equal(2, (await ReplicaCatalog.LoadAsync(target.Store, "shop", CancellationToken.None)).Generations.Count());
    }
}
