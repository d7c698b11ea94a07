using Microsoft.Extensions.Compliance.Redaction;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stands in for a logged exception whose message (or an inner one's) embeds user input, e.g. a parser quoting what it
/// could not parse. Keeps the type name and stack trace; redacts every message in the chain.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    private RedactedException(Exception original, Redactor redactor)
        : base(redactor.Redact(original.Message), original.InnerException is null ? null : new RedactedException(original.InnerException, redactor))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
        _text = redactor.Redact(original.ToString());
        HResult = original.HResult;
    }

    /// <summary>The type of the exception that was logged.</summary>
    public string OriginalType { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace;

    /// <inheritdoc />
    public override string ToString() => _text;

    /// <summary>The redacted stand-in, or null.</summary>
    public static Exception? From(Exception? exception, Redactor redactor) =>
        exception is null or RedactedException ? exception : new RedactedException(exception, redactor);
}
