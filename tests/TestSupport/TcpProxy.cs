using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Platform.TestSupport;

/// <summary>
/// A loopback TCP forwarder a test can cut and restore, to take a real server "down" for one service
/// without touching the server the other tests share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<Socket, byte> sockets = new();
    private TcpListener? listener;
    private CancellationTokenSource? running;
    private int roundTrips;

    private TcpProxy(string targetHost, int targetPort, int port)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Added to every chunk in each direction: a round trip costs twice this.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Request-response exchanges seen so far: a client-to-server chunk that follows a server answer (or opens the
    /// connection). With pipelined statements this counts what a remote database charges in latency: round trips.
    /// </summary>
    public int RoundTrips => roundTrips;

    public void ResetRoundTrips() => Interlocked.Exchange(ref roundTrips, 0);

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var proxy = new TcpProxy(targetHost, targetPort, port);
        proxy.Restore();
        return proxy;
    }

    /// <summary>Accepts connections again on the same port.</summary>
    public void Restore()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    /// <summary>Refuses new connections and resets every open one, as a crashed server would.</summary>
    public void Cut()
    {
        running?.Cancel();
        listener?.Stop();
        foreach (var socket in sockets.Keys)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // Its pump closed it a moment ago.
            }

            socket.Close();
        }

        sockets.Clear();
    }

    private async Task AcceptAsync(TcpListener accepting, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await accepting.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(targetHost, targetPort, cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Close();
                upstream.Close();
                continue;
            }

            sockets[client] = 0;
            sockets[upstream] = 0;
            var conversation = new Conversation();
            _ = PumpAsync(client, upstream, conversation, towardsServer: true);
            _ = PumpAsync(upstream, client, conversation, towardsServer: false);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Conversation conversation, bool towardsServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                if (towardsServer && Interlocked.Exchange(ref conversation.ServerSpokeLast, 0) == 1)
                {
                    Interlocked.Increment(ref roundTrips);
                }
                else if (!towardsServer)
                {
                    Interlocked.Exchange(ref conversation.ServerSpokeLast, 1);
                }

                if (Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Latency);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            sockets.TryRemove(from, out _);
            sockets.TryRemove(to, out _);
            from.Close();
            to.Close();
        }
    }

    private sealed class Conversation
    {
        // A new connection counts its first request as a round trip.
        public int ServerSpokeLast = 1;
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
