using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Support;

/// <summary>A logger provider that keeps formatted lines and lets a test wait for one.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _written = new(0);

    /// <summary>Every line so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Waits until <paramref name="count"/> lines contain <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, int count, CancellationToken cancellationToken)
    {
        while (_lines.Count(l => l.Contains(text, StringComparison.Ordinal)) < count)
        {
            await _written.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(LogLines lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines._lines.Enqueue(formatter(state, exception));
            lines._written.Release();
        }
    }
}
