using Platform.Admin;
using Platform.Admin.Apis;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdminServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPlansApi();
app.MapAccountsApi();
app.MapUsersApi();
app.MapBillingApi();
app.MapAuditApi();
app.MapDashboardApi();
app.MapModulesApi();
app.MapSettingsApi();
app.MapTemplatesApi();
app.MapAuthApi();
app.MapWellKnownApi();
app.Run();
