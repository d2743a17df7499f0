namespace Platform.Admin.Dashboard;

public sealed class DashboardOptions
{
    /// <summary>How long one shop's figures may take; a slower shop is shown without them, never holding up the page.</summary>
    public TimeSpan FiguresTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many shops' figures are requested from Catalog at once.</summary>
    public int Concurrency { get; set; } = 16;
}
