namespace Platform.Replication.Configuration;

/// <summary>How the watch folders are scanned (<c>Replication:AutoDiscovery</c>).</summary>
public sealed class AutoDiscoveryOptions
{
    /// <summary>When false only the databases of <see cref="ReplicationOptions.Clients"/> and the control API are replicated.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>File name patterns (<c>*.db</c>) of databases; the name without extension is the database's name.</summary>
    public List<string> Patterns { get; set; } = [];

    /// <summary>Tenants are keyed by GUID, so this must stay true; it exists because the file format names it.</summary>
    public bool GuidValidation { get; set; } = true;

    /// <summary>
    /// For nested layouts: a regular expression over the path relative to the watch folder ('/' separated), with a
    /// <c>tenant</c> group capturing the tenant's GUID. When set it replaces the two built-in layouts.
    /// </summary>
    public string? TenantPattern { get; set; }

    public IReadOnlyList<string> EffectivePatterns => Patterns.Count == 0 ? ["*.db"] : Patterns;
}
