namespace Platform.Replication.Tests.Engine;

/// <summary>A clock the test moves by hand, so retention windows span hours in a test of seconds.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
