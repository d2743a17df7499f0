using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using MassTransit;
using Platform.Contracts.Catalog;

// Drives Search the way Catalog does, with integration events on RabbitMQ:
//   index   <amqp> <tenant,...> <products per tenant>     publishes ProductCreated events, as fast as the broker takes them
//   latency <amqp> <tenant> <search url> <token> <count>  updates products one at a time and times each until Search finds it
// and writes the reference for pgbench: the very statements Search sends, parameters written in as literals:
//   sql search <tenant> <q> | sql suggest <tenant> <prefix>
if (args[0] == "sql")
{
    Console.WriteLine(PgbenchScript.For(args[1], Guid.Parse(args[2]), args[3]));
    return;
}

var (command, amqp) = (args[0], new Uri(args[1]));
var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(amqp));
await bus.StartAsync();
try
{
    switch (command)
    {
        case "index":
            await IndexAsync(bus, args[2].Split(',').Select(Guid.Parse).ToArray(), int.Parse(args[3]));
            break;
        case "latency":
            await LatencyAsync(bus, Guid.Parse(args[2]), new Uri(args[3]), args[4], int.Parse(args[5]));
            break;
        default:
            throw new ArgumentException($"Unknown command {command}.");
    }
}
finally
{
    await bus.StopAsync();
}

static async Task IndexAsync(IBus bus, Guid[] tenants, int perTenant)
{
    string[] kinds = ["Caneca", "Garrafa Térmica", "Tênis de Corrida", "Camiseta", "Calçado Social", "Panela", "Luminária", "Mochila", "Relógio", "Cadeira"];
    string[] qualities = ["de Cerâmica", "Inox", "Azul", "Vermelho", "de Couro", "Esportivo", "Infantil", "Premium", "Clássico", "Compacto"];
    var random = new Random(42);
    var pending = new List<Task>(1000);
    foreach (var tenant in tenants)
    {
        for (var i = 0; i < perTenant; i++)
        {
            var name = $"{kinds[random.Next(kinds.Length)]} {qualities[random.Next(qualities.Length)]} {i}";
            pending.Add(bus.Publish(new ProductCreated(Guid.NewGuid(), DateTimeOffset.UtcNow, tenant, Guid.CreateVersion7(), name,
                $"{name}: produto de teste para o benchmark de busca, entrega em todo o Brasil", random.Next(500, 100_000), "BRL",
                kinds[i % kinds.Length], [qualities[i % qualities.Length].ToLowerInvariant()], 1)));
            if (pending.Count == pending.Capacity)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
    }

    await Task.WhenAll(pending);
}

static async Task LatencyAsync(IBus bus, Guid tenant, Uri search, string token, int count)
{
    using var http = new HttpClient { BaseAddress = search };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var product = Guid.CreateVersion7();
    var latencies = new List<double>();
    for (var version = 1; version <= count; version++)
    {
        var marker = $"marca{version}x{Random.Shared.Next(1_000_000)}";
        var clock = Stopwatch.StartNew();
        await bus.Publish(new ProductUpdated(Guid.NewGuid(), DateTimeOffset.UtcNow, tenant, product, $"Produto {marker}", null, 1000, "BRL",
            null, null, [], true, version));
        while (true)
        {
            using var found = JsonDocument.Parse(await http.GetStringAsync($"api/search/products?q={marker}"));
            if (found.RootElement.GetProperty("total").GetInt64() == 1)
            {
                break;
            }

            await Task.Delay(5);
        }

        latencies.Add(clock.Elapsed.TotalMilliseconds);
    }

    latencies.Sort();
    double At(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
    Console.WriteLine($"{At(0.5):0.0}\t{At(0.95):0.0}\t{At(0.99):0.0}");
}
