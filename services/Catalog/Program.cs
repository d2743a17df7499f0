using Platform.Catalog;
using Platform.Catalog.Apis;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalogServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapCategoriesApi();
app.MapFiguresApi();
app.MapOrdersApi();
app.MapProductImagesApi();
app.MapOrderFilesApi();
app.MapInventoryApi();
app.MapAnalyticsApi();
app.MapCustomersApi();
app.MapTenantEventStream("/api/events").WithTags("Realtime").RequireRateLimit()
    .WithSummary("Server-sent events of the shop: stock changes as they happen");
app.Run();
