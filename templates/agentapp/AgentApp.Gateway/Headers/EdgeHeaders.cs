namespace AgentApp.Gateway.Headers;

/// <summary>The header names of the edge contract: what clients send, and what the gateway tells the api.</summary>
public static class EdgeHeaders
{
    /// <summary>A client's API key.</summary>
    public const string ApiKey = "X-Api-Key";

    /// <summary>Correlation id, accepted from the client when well-formed, always returned and forwarded.</summary>
    public const string CorrelationId = "X-Correlation-Id";

    /// <summary>Every header starting with this is identity: stripped from clients, set only by the gateway.</summary>
    public const string IdentityPrefix = "X-Identity-";

    /// <summary>The authenticated tenant.</summary>
    public const string IdentityTenant = "X-Identity-Tenant";

    /// <summary>The authenticated subject (a user, or <c>apikey:&lt;id&gt;</c>).</summary>
    public const string IdentitySubject = "X-Identity-Subject";

    /// <summary>The granted scopes, space-separated.</summary>
    public const string IdentityScopes = "X-Identity-Scopes";

    /// <summary>Proves to the api that a request came through the gateway (configuration <c>Gateway:Secret</c>).</summary>
    public const string GatewaySecret = "X-Gateway-Secret";

    /// <summary>Model tokens used by a non-streaming api response.</summary>
    public const string UsageTotalTokens = "X-Usage-Total-Tokens";
}
