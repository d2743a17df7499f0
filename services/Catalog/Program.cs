using Platform.Catalog;
using Platform.Catalog.Apis;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalogServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapProductsApi();
app.MapCategoriesApi();
app.MapFiguresApi();
app.Run();
