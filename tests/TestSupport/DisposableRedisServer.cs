using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.TestSupport;

/// <summary>
/// A redis-server process of one test's own on a free loopback port, without persistence, that the test can stop,
/// start again on the same port, or freeze (SIGSTOP: connected but never answering). Never the shared server.
/// </summary>
public sealed class DisposableRedisServer : IAsyncDisposable
{
    private Process? process;
    private bool paused;

    private DisposableRedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>A server on a free port, running unless <paramref name="running"/> is false (the port stays reserved by number only).</summary>
    public static async Task<DisposableRedisServer> StartAsync(bool running = true)
    {
        var server = new DisposableRedisServer(FreePorts.Next());
        if (running)
        {
            await server.StartAsync();
        }

        return server;
    }

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed; `bash scripts/infra.sh up` installs it.", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        paused = false;
        await Eventually.MatchAsync(() => Task.FromResult(Answers()), answers => answers || process.HasExited, TimeSpan.FromSeconds(20), $"redis-server on port {Port}");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"redis-server on port {Port} exited with {process.ExitCode}.");
        }
    }

    /// <summary>Kills the server: connections drop and new ones are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (paused)
        {
            Signal("CONT");
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    /// <summary>Freezes the server: connections stay open and commands are never answered, until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        Signal("STOP");
        paused = true;
    }

    public void Resume()
    {
        Signal("CONT");
        paused = false;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process!.Id.ToString()]);
        kill.WaitForExit();
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient { ReceiveTimeout = 1000 };
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[7];
            var read = stream.Read(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }
}
