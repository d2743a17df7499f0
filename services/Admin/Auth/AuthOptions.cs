namespace Platform.Admin.Auth;

public sealed class AuthOptions
{
    /// <summary>The <c>iss</c> of every token; other services trust tokens from this issuer only.</summary>
    public string Issuer { get; set; } = "platform-admin";

    public string Audience { get; set; } = Platform.ServiceDefaults.Auth.PlatformTokens.Audience;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A login's chain of refresh tokens ends this long after the login, however often it was refreshed.</summary>
    public TimeSpan RefreshFamilyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A rotated refresh token presented again within this window (two tabs refreshing at once, a retried request) is
    /// refused without revoking its family; later it is taken as stolen and the family is revoked.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Failed logins in a row before the user is locked for <see cref="Lockout"/>.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Login attempts allowed per minute from one IP address, and for one e-mail address.</summary>
    public int LoginAttemptsPerMinutePerIp { get; set; } = 30;

    public int LoginAttemptsPerMinutePerEmail { get; set; } = 10;

    /// <summary>Creates this platform operator at start when set and absent (first deployment, tests).</summary>
    public string? SuperadminEmail { get; set; }

    public string? SuperadminPassword { get; set; }
}
