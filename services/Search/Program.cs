using Platform.Search;
using Platform.Search.Apis;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSearchServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSearchApi();
app.MapReindexApi();
app.Run();
