namespace Platform.Replication.Configuration;

/// <summary>A tenant's own S3 credentials (<c>Replication:Clients:{i}:S3</c>), usually <c>${VAR}</c> references in the file.</summary>
public sealed class S3CredentialsOptions
{
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}
