using Microsoft.Extensions.Logging;

namespace Platform.TestSupport;

/// <summary>
/// Writes one in-memory service's log to a file (what its log levels let through; <c>Logging__LogLevel__*</c> variables
/// raise them), so that a failure seen only under load can be read afterwards: the test host keeps console output.
/// </summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Lock gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string line)
    {
        lock (gate)
        {
            File.AppendAllText(path, line);
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var failure = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            owner.Append($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{failure}{Environment.NewLine}");
        }
    }
}
