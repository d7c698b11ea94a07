using AgentApp.Gateway.Headers;
using System.ComponentModel.DataAnnotations;

namespace AgentApp.Gateway.Forwarding;

/// <summary>The edge itself (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// Shared with the api (the AppHost's <c>gateway-secret</c> parameter, <c>Gateway:Secret</c> in both): sent as
    /// <c>X-Gateway-Secret</c> so the api trusts the identity headers only from the gateway.
    /// </summary>
    [Required(ErrorMessage = "Gateway:Secret is required: the AppHost's gateway-secret parameter, shared with the api."),
     MinLength(16, ErrorMessage = "Gateway:Secret must be at least 16 characters.")]
    public string Secret { get; set; } = "";

    /// <summary>Largest request body accepted (413 above it).</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most request headers accepted (431 above it).</summary>
    [Range(1, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Total size of request headers accepted (431 above it).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>Request timeouts by policy name; routes pick one with <c>TimeoutPolicy</c>.</summary>
    public TimeoutOptions Timeouts { get; set; } = new();

    /// <summary>
    /// How long a concurrent-stream slot survives without renewal. Open streams renew theirs every third of this, so it
    /// bounds only how long a dead replica's slots stay taken, not how long a stream may last.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StreamLeaseTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How replicas agree on request counts: exact (default) or batched with a bounded overshoot.</summary>
    public RateLimiting.LimitConsistencyOptions Limits { get; set; } = new();

    /// <summary>Cross-origin callers.</summary>
    public EdgeCorsOptions Cors { get; set; } = new();
}

/// <summary>Request timeouts (<c>Gateway:Timeouts</c>).</summary>
public sealed class TimeoutOptions
{
    /// <summary>Policy name for routes that stream.</summary>
    public const string StreamingPolicy = "streaming";

    /// <summary>Every request without a policy of its own.</summary>
    public TimeSpan Default { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Routes with <c>"TimeoutPolicy": "streaming"</c>.</summary>
    public TimeSpan Streaming { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>CORS (<c>Gateway:Cors</c>): empty origins means no browser origin is allowed.</summary>
public sealed class EdgeCorsOptions
{
    /// <summary>The policy name routes use in <c>CorsPolicy</c>.</summary>
    public const string PolicyName = "edge";

    /// <summary>Origins allowed, e.g. <c>https://app.example.com</c>.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Request headers a browser may send.</summary>
    public List<string> AllowedHeaders { get; set; } = ["Content-Type", "Authorization", EdgeHeaders.ApiKey, EdgeHeaders.CorrelationId, "Last-Event-ID"];

    /// <summary>Methods a browser may use.</summary>
    public List<string> AllowedMethods { get; set; } = ["GET", "POST", "DELETE"];
}
