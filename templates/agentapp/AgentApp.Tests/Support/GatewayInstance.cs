using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Support;

/// <summary>
/// One gateway, the real <c>Program</c> on Kestrel at 127.0.0.1:0 (so header and body limits are the server's own), with
/// settings layered over its appsettings.json. Two instances with the same Redis are two replicas.
/// </summary>
public sealed class GatewayInstance : WebApplicationFactory<AgentApp.Gateway.GatewayEntryPoint>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <summary>
    /// Starts a gateway with <paramref name="settings"/>, <paramref name="clock"/> for quota windows if given, and
    /// <paramref name="configure"/> applied last (e.g. extra log providers or exporters).
    /// </summary>
    public GatewayInstance(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, Action<IWebHostBuilder>? configure = null)
    {
        _settings = settings;
        _clock = clock;
        _configure = configure;
        this.UseKestrelOnLoopback();
        try
        {
            StartServer();
        }
        catch (Exception ex)
        {
            // A failed start can surface as a secondary error (e.g. a disposed service) that hides the first; the host logged
            // the first one, so carry the logged errors in the exception a test sees.
            throw new InvalidOperationException("The gateway failed to start. Logged errors:\n" + string.Join('\n', Errors), ex);
        }
    }

    /// <summary>Log lines of the <c>Gateway.Audit</c> category.</summary>
    public ConcurrentQueue<string> AuditEvents { get; } = new();

    /// <summary>Errors the gateway logged, for failure messages.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }


        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new AuditCapture(AuditEvents, Errors));
        });
        _configure?.Invoke(builder);
    }

    private sealed class AuditCapture(ConcurrentQueue<string> events, ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName == "Gateway.Audit" ? new Sink(events, LogLevel.Trace) : new Sink(errors, LogLevel.Error);

        public void Dispose() { }

        private sealed class Sink(ConcurrentQueue<string> events, LogLevel minimum) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    events.Enqueue(formatter(state, exception) + (exception is null ? "" : "\n" + exception));
                }
            }
        }
    }
}

/// <summary>A clock stopped mid-minute, so a test never straddles a quota window.</summary>
public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>12:00:30 UTC on a fixed day.</summary>
    public static StoppedClock MidMinute { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 30, TimeSpan.Zero));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
