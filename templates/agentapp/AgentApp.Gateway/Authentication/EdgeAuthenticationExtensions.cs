using AgentApp.Gateway.Headers;
using AgentApp.Gateway.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace AgentApp.Gateway.Authentication;

/// <summary>API keys always; JWT bearer when an authority is configured; one policy scheme choosing per request.</summary>
public static class EdgeAuthenticationExtensions
{
    /// <summary>Registers the edge's authentication schemes and their validated options.</summary>
    public static IHostApplicationBuilder AddEdgeAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidation>();
        builder.Services.AddSingleton<ApiKeyStore>();

        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var schemes = new EdgeAuthenticationSchemes(jwt.Enabled);
        builder.Services.AddSingleton(schemes);

        var authentication = builder.Services
            .AddAuthentication(EdgeAuthenticationSchemes.Edge)
            .AddPolicyScheme(EdgeAuthenticationSchemes.Edge, "API key or JWT", o => o.ForwardDefaultSelector = context => schemes.Select(context.Request))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(EdgeAuthenticationSchemes.Bearer, o => ConfigureJwt(o, jwt));
        }

        return builder;
    }

    private static void ConfigureJwt(JwtBearerOptions o, JwtOptions jwt)
    {
        o.Authority = jwt.Authority;
        o.Audience = jwt.Audience;
        o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.ValidateAudience = !string.IsNullOrEmpty(jwt.Audience);
        o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var tenant = principal.FindFirst(jwt.TenantClaim)?.Value;
                if (string.IsNullOrEmpty(tenant) || principal.FindFirst(EdgeClaims.Subject) is null)
                {
                    EdgeDecision.Of(context.HttpContext).Reason = "token_without_tenant_or_subject";
                    context.Fail("The token names no tenant or subject.");
                }
                else if (!EdgeClaims.IsValidTenant(tenant))
                {
                    // The same rule as API-key tenants; refused, never trimmed, so one tenant has one name everywhere.
                    EdgeDecision.Of(context.HttpContext).Reason = "invalid_tenant";
                    context.Fail("The token's tenant is not 1-64 of A-Z a-z 0-9 . _ -.");
                }
                else if (jwt.TenantClaim != EdgeClaims.Tenant)
                {
                    ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(EdgeClaims.Tenant, tenant));
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                EdgeDecision.Of(context.HttpContext).Reason = context.Exception switch
                {
                    SecurityTokenExpiredException => "expired_token",
                    SecurityTokenInvalidAudienceException => "invalid_audience",
                    SecurityTokenInvalidIssuerException => "invalid_issuer",
                    _ => "invalid_token",
                };
                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                // Bearer writes its own WWW-Authenticate when the response starts; name the key header beside it.
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate,
                    $"{ApiKeyAuthenticationHandler.SchemeName} header=\"{EdgeHeaders.ApiKey}\"");
                return Task.CompletedTask;
            },
        };
    }
}
