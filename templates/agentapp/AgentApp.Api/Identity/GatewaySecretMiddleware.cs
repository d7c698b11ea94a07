using System.Security.Cryptography;
using System.Text;
using AgentApp.Api.Http;

namespace AgentApp.Api.Identity;

/// <summary>
/// Trusts the gateway's identity headers only on calls that carry the gateway's shared secret (<c>Gateway:Secret</c>,
/// given to both by the AppHost): a direct call to the api cannot claim a tenant. Probes stay open for Kubernetes.
/// </summary>
public static class GatewaySecretMiddleware
{
    /// <summary>The header the gateway sends the secret in.</summary>
    public const string SecretHeader = "X-Gateway-Secret";

    /// <summary>The configuration key of the shared secret.</summary>
    public const string SecretKey = "Gateway:Secret";

    /// <summary>
    /// Rejects calls without the secret with 401 ProblemDetails. Without a configured secret this is allowed only in
    /// Development (running the api on its own), with a warning; elsewhere start-up fails naming the setting.
    /// </summary>
    public static WebApplication UseGatewaySecret(this WebApplication app)
    {
        var secret = app.Configuration[SecretKey];
        if (string.IsNullOrEmpty(secret))
        {
            if (!app.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{SecretKey} is not set: the api would trust identity headers from any caller. Set it to the gateway's secret.");
            }

            app.Logger.LogWarning("{Key} is not set: identity headers are trusted from any caller (Development only).", SecretKey);
            return app;
        }

        // Hash both sides so the comparison takes the same time whatever the lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        app.Use(async (context, next) =>
        {
            if (IsProbe(context.Request.Path) || Matches(context.Request.Headers[SecretHeader].ToString(), expected))
            {
                await next(context);
                return;
            }

            await ApiProblems.NotFromGateway(SecretHeader).ExecuteAsync(context);
        });
        return app;
    }

    private static bool Matches(string presented, byte[] expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath);
}
