using AgentApp.Contracts;
using AgentApp.DaprHosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AgentApp.Api.Dapr;

/// <summary>
/// Where the api's Dapr sidecar is and whether it answers. The verdict is cached and refreshed out of band, so a request
/// neither waits for a probe (after the first) nor carries one in its trace; with no sidecar the service warns once.
/// </summary>
public sealed class DaprSidecar : IHostedService, IDisposable
{
    /// <summary>The path daprd answers 204 on once it is ready.</summary>
    public const string HealthPath = "/v1.0/healthz";

    /// <summary>The fix, in the words a developer needs.</summary>
    public const string InstallHint =
        "Install the Dapr CLI and run 'dapr init --slim' (no Docker needed), then start the app from its AppHost, which runs a sidecar beside each service.";

    private readonly HttpClient _http;
    private readonly DaprSidecarOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DaprSidecar> _logger;
    private readonly Lock _gate = new();
    private Task<bool>? _probe;
    private bool _available;
    private DateTimeOffset _verdictUntil = DateTimeOffset.MinValue;

    /// <summary>Finds the sidecar as the Dapr SDK does (<see cref="DaprSidecarAddress"/>).</summary>
    public DaprSidecar(IConfiguration configuration, IOptions<DaprSidecarOptions> options, TimeProvider time, ILogger<DaprSidecar> logger)
    {
        (Endpoint, ApiToken) = DaprSidecarAddress.From(configuration);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = _options.ProbeTimeout })
        {
            BaseAddress = new Uri(Endpoint),
            Timeout = _options.ProbeTimeout,
        };
        if (ApiToken is not null)
        {
            _http.DefaultRequestHeaders.Add("dapr-api-token", ApiToken);
        }
    }

    /// <summary>The sidecar's HTTP endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>The Dapr API token, when the sidecar requires one.</summary>
    public string? ApiToken { get; }

    /// <summary>What to tell a caller when <paramref name="feature"/> is off for want of a sidecar.</summary>
    public string Unavailable(string feature) => $"{feature} is off: no Dapr sidecar answered at {Endpoint}. {InstallHint}";

    /// <summary>
    /// Whether the sidecar answered its health probe recently. Once there is a verdict it is answered at once; an old one
    /// is refreshed in the background (at most one probe at a time). Only the very first call waits for a probe.
    /// </summary>
    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        Task<bool> probe;
        lock (_gate)
        {
            if (_time.GetUtcNow() < _verdictUntil)
            {
                return Task.FromResult(_available);
            }

            probe = _probe ??= StartProbe();
            if (_verdictUntil != DateTimeOffset.MinValue)
            {
                return Task.FromResult(_available);
            }
        }

        return probe.WaitAsync(cancellationToken);
    }

    /// <summary>Probes once at start-up, so the first request finds a verdict and a missing sidecar is reported at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = IsAvailableAsync(CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Records that a call through the sidecar could not connect, so the next requests skip it for a while.</summary>
    public void ReportUnreachable()
    {
        lock (_gate)
        {
            _available = false;
            _verdictUntil = _time.GetUtcNow() + _options.DownVerdictLifetime;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    // Out of band: the probe runs outside the caller's execution context and with instrumentation suppressed, so it is
    // never a span in a request's trace (a refused connection would mark every chat's trace as failed).
    private Task<bool> StartProbe()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(ProbeAsync);
        }
    }

    private async Task<bool> ProbeAsync()
    {
        bool available;
        // Only the call is unrecorded: the scope also silences logs, and the verdict below must be logged.
        using (SuppressInstrumentationScope.Begin())
        {
            try
            {
                using var response = await _http.GetAsync(HealthPath, CancellationToken.None);
                available = response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                available = false;
            }
        }

        lock (_gate)
        {
            if (available && (!_available || _verdictUntil == DateTimeOffset.MinValue))
            {
                _logger.LogInformation("Dapr sidecar at {Endpoint} is up: conversation memory and agent tasks are on", Endpoint);
            }
            else if (!available && (_available || _verdictUntil == DateTimeOffset.MinValue))
            {
                // Once per outage, not per request: the fix is the same every time.
                _logger.LogWarning("No Dapr sidecar at {Endpoint}: conversation memory and agent tasks are off. {Hint}", Endpoint, InstallHint);
            }

            _available = available;
            _verdictUntil = _time.GetUtcNow() + (available ? _options.UpVerdictLifetime : _options.DownVerdictLifetime);
            _probe = null;
        }

        return available;
    }
}
