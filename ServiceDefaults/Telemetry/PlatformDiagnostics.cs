using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>The platform's own activity source and meter, shared by all services.</summary>
public static class PlatformDiagnostics
{
    public const string SourceName = "Platform";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    public static readonly Meter Meter = new(SourceName);
}
