using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Platform.ServiceDefaults.Http;

namespace Platform.ServiceDefaults.Tests;

public sealed class JsonBodyTests
{
    private sealed record Parcel(string Label, int Grams);

    [Fact]
    public async Task Serialized_bytes_are_served_as_json_with_their_length_and_described_by_their_type()
    {
        var body = Encoding.UTF8.GetBytes("""{"label":"caixa","grams":250}""");
        await using var probe = await ProbeApp.StartAsync(map: app => app.MapGet("/parcel", () => new JsonBody<Parcel>(body)));

        using var response = await probe.Client.GetAsync("/parcel");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());

        using var document = JsonDocument.Parse(await probe.Client.GetStringAsync("/openapi/v1.json"));
        var ok = document.RootElement.GetProperty("paths").GetProperty("/parcel").GetProperty("get").GetProperty("responses").GetProperty("200");
        var schema = ok.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/Parcel", schema);
        var properties = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Parcel").GetProperty("properties");
        Assert.True(properties.TryGetProperty("label", out _));
        Assert.True(properties.TryGetProperty("grams", out _));
    }
}
