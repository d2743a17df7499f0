using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.ServiceDefaults.Redis;

/// <summary>Writes realtime events to a client as a <c>text/event-stream</c> (the HTML server-sent events format).</summary>
public static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    /// <summary>A comment line written every interval, so proxies and load balancers do not close an idle stream.</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Sends <c>: connected</c> at once (a client that reads it knows the stream, and the subscription behind it, is
    /// live), then each event as <c>id:</c>, <c>event:</c> and one <c>data:</c> line of JSON, flushed as it comes, and a
    /// <c>: heartbeat</c> comment every <paramref name="heartbeat"/>. Returns when the client disconnects
    /// (<see cref="HttpContext.RequestAborted"/>) or the events end.
    /// </summary>
    public static async Task WriteAsync(HttpResponse response, IAsyncEnumerable<TenantEvent> events, TimeSpan? heartbeat = null)
    {
        var aborted = response.HttpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would otherwise hold events back to fill their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var timer = new PeriodicTimer(heartbeat ?? DefaultHeartbeat);
        var enumerator = events.GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        try
        {
            await WriteAsync(response, ": connected\n\n", stop.Token);
            next = enumerator.MoveNextAsync().AsTask();
            var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, tick) == tick)
                {
                    await tick;
                    await WriteAsync(response, ": heartbeat\n\n", stop.Token);
                    tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                await WriteAsync(response, Format(enumerator.Current), stop.Token);
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        finally
        {
            // An enumerator cannot be disposed while a MoveNextAsync is pending: cancel it and let it finish first.
            await stop.CancelAsync();
            if (next is not null)
            {
                await next.ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            await enumerator.DisposeAsync();
        }
    }

    /// <summary>One event in the wire format; the payload is compact JSON, so it is always a single <c>data:</c> line.</summary>
    public static string Format(TenantEvent tenantEvent) =>
        new StringBuilder()
            .Append("id: ").Append(tenantEvent.Id).Append('\n')
            .Append("event: ").Append(tenantEvent.Name).Append('\n')
            .Append("data: ").Append(tenantEvent.Data.GetRawText()).Append("\n\n")
            .ToString();

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
