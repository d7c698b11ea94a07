using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AgentApp.Web.SignIn;

/// <summary>
/// How people sign in: in Development the AppHost's development key is used from the server (no typing); otherwise an
/// OpenID Connect sign-in whose access token the console sends to the gateway, which validates it with its own JWT settings.
/// </summary>
public static class ConsoleSignInExtensions
{
    /// <summary>The claim that carries the gateway access token inside the server-side ticket.</summary>
    public const string AccessTokenClaim = "console:access_token";

    /// <summary>Adds the options, their validation and, when configured, cookie + OpenID Connect sign-in.</summary>
    public static IHostApplicationBuilder AddConsoleSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidation>();
        services.AddScoped<GatewayCredentials>();
        services.AddCascadingAuthenticationState();

        // The gateway is the only way in, so the scheme and host people used are in its X-Forwarded-* headers; in a
        // cluster only the gateway can reach this pod (its NetworkPolicy), so those headers are trusted from any address.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });

        var console = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (!console.UsesOidc)
        {
            services.AddAuthentication();
            services.AddAuthorization();
            return builder;
        }

        services.AddDistributedMemoryCache();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerSideTicketStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, ServerSideTicketStoreSetup>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "console.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = console.Oidc.Authority;
                o.ClientId = console.Oidc.ClientId;
                o.ClientSecret = console.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.MapInboundClaims = false;
                o.SaveTokens = false; // the token goes into the server-side ticket as a claim, below
                o.Scope.Clear();
                foreach (var scope in console.Oidc.Scopes.Append("openid").Distinct())
                {
                    o.Scope.Add(scope);
                }

                o.Events.OnTokenValidated = context =>
                {
                    if (context.TokenEndpointResponse?.AccessToken is { Length: > 0 } token && context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        identity.AddClaim(new Claim(AccessTokenClaim, token));
                    }

                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        return builder;
    }
}

/// <summary>The sign-out endpoint.</summary>
public static class ConsoleSignOutEndpoint
{
    /// <summary>The path the layout's sign-out form posts to.</summary>
    public const string Path = "/signout";

    /// <summary>Maps <c>POST /signout</c>: ends the console session and the provider's.</summary>
    public static IEndpointConventionBuilder MapSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, () => TypedResults.SignOut(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = "/" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
}
