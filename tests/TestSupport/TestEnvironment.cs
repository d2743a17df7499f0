namespace Platform.TestSupport;

/// <summary>
/// The real servers the tests use, as <c>scripts/test.sh</c> (native servers) or the GitHub workflow
/// (service containers) provide them. A missing one fails the test with what to run, never skips it.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresServer => Required("ConnectionStrings__postgres");

    public static string AdminDatabase => Required("ConnectionStrings__admindb");

    /// <summary>
    /// A transaction-pooling proxy (pgbouncer, as Neon's pooled endpoint) in front of <see cref="PostgresServer"/>
    /// that reaches any database, or null where none runs (the GitHub workflow).
    /// </summary>
    public static string? PostgresPooler => Environment.GetEnvironmentVariable("PLATFORM_POSTGRES_POOLER") is { Length: > 0 } value ? value : null;

    public static string Redis => Required("ConnectionStrings__redis");

    public static string Messaging => Required("ConnectionStrings__messaging");

    /// <summary><c>Endpoint=...;AccessKey=...;SecretKey=...;Region=...</c> of the S3-compatible server (s3rver, RustFS).</summary>
    public static string ObjectStorage => Required("ConnectionStrings__objectstorage");

    public static Uri RabbitMqManagement => new(Required("PLATFORM_RABBITMQ_MANAGEMENT"));

    public static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with `bash scripts/test.sh`, which starts the servers they need.");
}
