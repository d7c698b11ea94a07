using Microsoft.AspNetCore.Http.Features;

namespace AgentApp.Api.Identity;

/// <summary>
/// Reads the caller's identity from the headers the gateway forwards after it authenticated the request. The headers
/// can be trusted because <see cref="GatewaySecretMiddleware"/> turns away calls without the gateway's shared secret; a
/// call that names no tenant (the api run on its own in Development) is <see cref="DevelopmentTenant"/>'s.
/// </summary>
public static class GatewayIdentity
{
    /// <summary>The tenant of the authenticated caller.</summary>
    public const string TenantHeader = "X-Identity-Tenant";

    /// <summary>The authenticated subject.</summary>
    public const string SubjectHeader = "X-Identity-Subject";

    /// <summary>Space- or comma-separated scopes.</summary>
    public const string ScopesHeader = "X-Identity-Scopes";

    /// <summary>The tenant of a call that names none (local development, tests).</summary>
    public const string DevelopmentTenant = "development";

    /// <summary>The longest tenant id accepted.</summary>
    public const int MaxTenantLength = 128;

    /// <summary>Registers <see cref="ICallerIdentity"/> for each request.</summary>
    public static IServiceCollection AddGatewayIdentity(this IServiceCollection services) =>
        services.AddHttpContextAccessor().AddScoped<ICallerIdentity>(provider =>
            Read(provider.GetRequiredService<IHttpContextAccessor>().HttpContext
                 ?? throw new InvalidOperationException("The caller's identity exists only during a request.")));

    /// <summary>The identity in <paramref name="context"/>'s headers; a malformed tenant is the caller's error (400).</summary>
    public static CallerIdentity Read(HttpContext context)
    {
        var headers = context.Request.Headers;
        var tenant = headers[TenantHeader].ToString().Trim();
        if (tenant.Length == 0)
        {
            tenant = DevelopmentTenant;
        }
        else if (tenant.Length > MaxTenantLength || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new BadHttpRequestException(
                $"The {TenantHeader} header must be 1-{MaxTenantLength} letters, digits, '-', '_' or '.'.", StatusCodes.Status400BadRequest);
        }

        var subject = headers[SubjectHeader].ToString().Trim();
        var scopes = headers[ScopesHeader].ToString()
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CallerIdentity(tenant, subject.Length == 0 ? null : subject, scopes);
    }
}
