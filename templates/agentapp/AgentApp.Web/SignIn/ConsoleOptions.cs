namespace AgentApp.Web.SignIn;

/// <summary>The console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The gateway every call goes through; <c>http://gateway</c> resolves by service discovery.</summary>
    public Uri GatewayUrl { get; set; } = new("http://gateway");

    /// <summary>
    /// Development only: the gateway's development API key, which the AppHost passes in so nobody types it. The console
    /// sends it from the server; it never reaches the browser.
    /// </summary>
    public string DevelopmentKey { get; set; } = "";

    /// <summary>Sign-in with an OpenID Connect provider; the access token is what the console sends to the gateway.</summary>
    public OidcSettings Oidc { get; set; } = new();

    /// <summary>Prices for the per-turn cost estimate; none set shows tokens only.</summary>
    public PricingSettings Pricing { get; set; } = new();

    /// <summary>Whether people sign in with OpenID Connect (otherwise the development key is used).</summary>
    public bool UsesOidc => !string.IsNullOrWhiteSpace(Oidc.Authority);
}

/// <summary>The OpenID Connect client the console signs people in with (authorization code flow).</summary>
public sealed class OidcSettings
{
    /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The console's client id at the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (from a Kubernetes Secret or user secrets, never appsettings.json).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Scopes to ask for: besides <c>openid</c>, the one that makes the provider issue an access token for the gateway's
    /// <c>Authentication:Jwt:Audience</c> carrying the tenant claim and the chat, tasks and conversations scopes.
    /// </summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>What one million tokens cost, for the estimate shown under each reply.</summary>
public sealed class PricingSettings
{
    /// <summary>The currency of both prices.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Price of 1,000,000 input tokens.</summary>
    public decimal? InputPer1M { get; set; }

    /// <summary>Price of 1,000,000 output tokens.</summary>
    public decimal? OutputPer1M { get; set; }

    /// <summary>The estimate for a turn, or null when no price is set.</summary>
    public decimal? Cost(long inputTokens, long outputTokens) =>
        InputPer1M is null && OutputPer1M is null
            ? null
            : ((InputPer1M ?? 0) * inputTokens + (OutputPer1M ?? 0) * outputTokens) / 1_000_000m;
}
