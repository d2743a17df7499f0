using Platform.Bench.ReplicationLoad;

// bench/replication.sh drives this: "lag DATABASES WRITTEN WRITE_SECONDS IDLE_SECONDS FOLDER BUCKET" or
// "restore SIZE_MB FOLDER BUCKET", against the S3-compatible server of ConnectionStrings__objectstorage.
switch (args)
{
    case ["lag", var databases, var written, var writing, var idle, var folder, var bucket]:
        await LagRun.RunAsync(int.Parse(databases), int.Parse(written), TimeSpan.FromSeconds(int.Parse(writing)),
            TimeSpan.FromSeconds(int.Parse(idle)), folder, bucket);
        return 0;
    case ["restore", var sizeMb, var folder, var bucket]:
        await RestoreRun.RunAsync(int.Parse(sizeMb), folder, bucket);
        return 0;
    default:
        Console.Error.WriteLine("usage: ReplicationLoad lag DATABASES WRITTEN WRITE_SECONDS IDLE_SECONDS FOLDER BUCKET | restore SIZE_MB FOLDER BUCKET");
        return 2;
}
