namespace AgentApp.Tests.Gateway;

/// <summary>A setting that would open or break the edge stops the gateway at boot, naming the setting.</summary>
[Collection(EdgeCollection.Name)]
public sealed class StartupValidationTests(EdgeFixture fixture)
{
    [Theory]
    [InlineData("ReverseProxy:Routes:chat:AuthorizationPolicy", "", "ReverseProxy:Routes:chat:AuthorizationPolicy")]
    [InlineData("TenantDefaults:RequestsPerMinute", "0", "TenantDefaults:RequestsPerMinute")]
    [InlineData("Gateway:Secret", "", "Gateway:Secret")]
    [InlineData("Gateway:Limits:SyncBatch", "0", "Gateway:Limits:SyncBatch")]
    [InlineData("Gateway:Limits:Consistency", "Eventually", "Gateway:Limits:Consistency")]
    [InlineData("Authentication:ApiKeys:broken:Sha256", "not-hex", "Authentication:ApiKeys:broken")]
    public void Bad_settings_fail_start_up_by_name(string key, string value, string named)
    {
        var settings = fixture.Settings((key, value), ("Authentication:ApiKeys:broken:Tenant", key.Contains("broken") ? "t" : null));
        if (!key.Contains("broken"))
        {
            settings.Remove("Authentication:ApiKeys:broken:Tenant");
        }

        var error = Assert.ThrowsAny<Exception>(() => new GatewayInstance(settings).Dispose());

        Assert.Contains(named, error.ToString());
    }
}
