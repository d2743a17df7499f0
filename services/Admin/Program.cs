using Platform.Admin;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdminServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
