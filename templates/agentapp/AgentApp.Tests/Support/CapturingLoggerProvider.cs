using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Support;

/// <summary>
/// Keeps every log record a host writes, at every level, as the text a sink could see: the formatted message, each
/// structured value, the exception's full text and every active scope's values.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>One record.</summary>
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string?>> Values,
        string? Exception, IReadOnlyList<string> Scopes)
    {
        /// <summary>Everything in the record as one string, for "appears nowhere" checks.</summary>
        public string AllText => string.Join("\n", [Category, Message, .. Values.Select(v => $"{v.Key}={v.Value}"), Exception ?? "", .. Scopes]);
    }

    /// <summary>The records so far.</summary>
    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(v => KeyValuePair.Create(v.Key, v.Value?.ToString())).ToList() ?? [];
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                list.Add(scope is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                    : scope?.ToString() ?? "");
            }, scopes);
            owner.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString(), scopes));
        }
    }
}
