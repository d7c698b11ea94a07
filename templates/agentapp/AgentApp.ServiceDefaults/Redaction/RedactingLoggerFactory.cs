using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Wraps the app's <see cref="ILoggerFactory"/> so every provider (console, OpenTelemetry, anything added later) receives
/// records whose values, message, scopes and exception text went through the <see cref="PiiClassifications.FreeText"/>
/// redactor. Redacting here, not per provider, is what lets MEAI's own logging (prompts at Trace level) stay on safely.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, Redactor redactor) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();
}

/// <summary>One category's logger, redacting on the way through.</summary>
internal sealed class RedactingLogger(ILogger inner, Redactor redactor) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => state switch
    {
        IReadOnlyList<KeyValuePair<string, object?>> values => inner.BeginScope(new RedactedLogState(values, redactor, null)),
        string text => inner.BeginScope(redactor.Redact(text)),
        _ => inner.BeginScope(state),
    };

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = redactor.Redact(formatter(state, exception));
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        inner.Log(logLevel, eventId, new RedactedLogState(values, redactor, message), RedactedException.From(exception, redactor),
            static (s, _) => s.Message ?? "");
    }
}
