namespace Platform.Replication.Engine;

/// <summary>A restore that cannot be done: nothing to restore, the output exists, or the replica is damaged.</summary>
public sealed class RestoreException(string message) : Exception(message);
