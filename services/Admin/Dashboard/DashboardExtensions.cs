namespace Platform.Admin.Dashboard;

public static class DashboardExtensions
{
    public static IHostApplicationBuilder AddAdminDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<DashboardOptions>(builder.Configuration.GetSection("Dashboard"));
        builder.Services.AddSingleton<DashboardService>();
        builder.Services.AddHttpClient<ICatalogFigures, HttpCatalogFigures>(http =>
        {
            // Without Catalog's address the dashboard still lists the accounts, every row marked unavailable.
            if (Uri.TryCreate(builder.Configuration[HttpCatalogFigures.CatalogAddressKey], UriKind.Absolute, out var catalog))
            {
                http.BaseAddress = new Uri(catalog.ToString().TrimEnd('/') + "/");
            }

            // Each shop has its own timeout (DashboardOptions); this only bounds a call nothing else cancels.
            http.Timeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
