namespace Platform.Replication.Engine;

/// <summary>What to restore and where.</summary>
/// <param name="OutputPath">The file to create; refused when it exists unless <paramref name="Overwrite"/>.</param>
/// <param name="Timestamp">Restore the last commit shipped at or before this time; latest when null.</param>
/// <param name="Position">Restore up to this position (generation, WAL index, offset); latest when null.</param>
public sealed record RestoreRequest(
    string DatabaseName,
    string OutputPath,
    bool Overwrite = false,
    DateTimeOffset? Timestamp = null,
    ReplicaPosition? Position = null);
