using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Http;

namespace Platform.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private readonly LogCapture logs = new();
    private ProbeApp probe = null!;

    public async Task InitializeAsync() => probe = await ProbeApp.StartAsync(configure: builder => builder.Logging.AddProvider(logs), map: app =>
    {
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret connection detail"));
        app.MapPost("/echo", (EchoRequest request) => TypedResults.Ok(request));
        app.MapGet("/items/{id:int}", (int id) => TypedResults.Ok(id));
    });

    public async Task DisposeAsync() => await probe.DisposeAsync();

    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_internals()
    {
        using var response = await probe.Client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await ReadProblemAsync(response);
        Assert.Equal(ProblemTypes.Unexpected, problem.GetProperty("type").GetString());
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrWhiteSpace(traceId));
        Assert.Contains(logs.Lines, line => line.Contains("Unhandled exception on GET /boom") && line.EndsWith($"traceId {traceId}"));
        Assert.DoesNotContain("secret connection detail", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var content = new StringContent("{ \"name\": ", Encoding.UTF8, "application/json");
        using var response = await probe.Client.PostAsync("/echo", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Equal(ProblemTypes.BadRequest, problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Missing_body_is_a_400_problem()
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");
        using var response = await probe.Client.PostAsync("/echo", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProblemTypes.BadRequest, (await ReadProblemAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var response = await probe.Client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.NotFound, problem.GetProperty("type").GetString());
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public sealed record EchoRequest(string Name);
}
