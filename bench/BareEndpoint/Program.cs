// The reference of bench/product-read.sh: Kestrel answering GET /product with fixed JSON bytes held in memory (the
// very body Catalog returns for the benchmark's product), with no authentication, database, cache or middleware.
var body = await File.ReadAllBytesAsync(Environment.GetEnvironmentVariable("BENCH_JSON_FILE")
    ?? throw new InvalidOperationException("BENCH_JSON_FILE names the JSON body to serve."));

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/product", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.Run();
