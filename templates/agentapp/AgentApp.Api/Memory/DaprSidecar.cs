using AgentApp.Contracts;
using Microsoft.Extensions.Options;

namespace AgentApp.Api.Memory;

/// <summary>
/// Where the api's Dapr sidecar is and whether it answers. The verdict is cached briefly so that, with no sidecar, a
/// request pays for at most one short probe instead of waiting on every actor call.
/// </summary>
public sealed class DaprSidecar : IDisposable
{
    /// <summary>The path daprd answers 204 on once it is ready.</summary>
    public const string HealthPath = "/v1.0/healthz";

    /// <summary>The fix, in the words a developer needs.</summary>
    public const string InstallHint =
        "Install the Dapr CLI and run 'dapr init --slim' (no Docker needed), then start the app from its AppHost, which runs a sidecar beside each service.";

    private readonly HttpClient _http;
    private readonly ConversationMemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DaprSidecar> _logger;
    private readonly Lock _gate = new();
    private Task<bool>? _probe;
    private bool _available;
    private DateTimeOffset _verdictUntil = DateTimeOffset.MinValue;

    /// <summary>Finds the sidecar as the Dapr SDK does (<see cref="DaprSidecarAddress"/>).</summary>
    public DaprSidecar(IConfiguration configuration, IOptions<ConversationMemoryOptions> options, TimeProvider time, ILogger<DaprSidecar> logger)
    {
        (Endpoint, ApiToken) = DaprSidecarAddress.From(configuration);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = _options.SidecarProbeTimeout })
        {
            BaseAddress = new Uri(Endpoint),
            Timeout = _options.SidecarProbeTimeout,
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

    /// <summary>What to tell a caller when memory is off.</summary>
    public string UnavailableMessage => $"Conversation memory is off: no Dapr sidecar answered at {Endpoint}. {InstallHint}";

    /// <summary>Whether the sidecar answered its health probe recently; probes at most once at a time.</summary>
    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        Task<bool> probe;
        lock (_gate)
        {
            if (_time.GetUtcNow() < _verdictUntil)
            {
                return Task.FromResult(_available);
            }

            probe = _probe ??= ProbeAsync();
        }

        return probe.WaitAsync(cancellationToken);
    }

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

    private async Task<bool> ProbeAsync()
    {
        bool available;
        try
        {
            using var response = await _http.GetAsync(HealthPath, CancellationToken.None);
            available = response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            available = false;
        }

        lock (_gate)
        {
            if (available != _available || _verdictUntil == DateTimeOffset.MinValue)
            {
                _logger.LogInformation("Dapr sidecar at {Endpoint} is {State}", Endpoint, available ? "up: conversation memory on" : "down: conversation memory off");
            }

            _available = available;
            _verdictUntil = _time.GetUtcNow() + (available ? _options.UpVerdictLifetime : _options.DownVerdictLifetime);
            _probe = null;
        }

        return available;
    }
}
