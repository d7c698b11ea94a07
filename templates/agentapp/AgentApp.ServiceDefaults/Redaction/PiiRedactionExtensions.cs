using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>PII redaction for everything a service logs and traces.</summary>
public static class PiiRedactionExtensions
{
    /// <summary>
    /// Registers <see cref="PiiTextRedactor"/> for <see cref="PiiClassifications.FreeText"/> (and erasure for
    /// <see cref="PiiClassifications.Personal"/>) with Microsoft.Extensions.Compliance.Redaction, and puts
    /// <see cref="RedactingLoggerFactory"/> in front of every logging provider. Spans are redacted by
    /// <see cref="RedactingActivityProcessor"/>, added in <c>ConfigureOpenTelemetry</c>.
    /// </summary>
    public static IServiceCollection AddPiiRedaction(this IServiceCollection services)
    {
        services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<PiiTextRedactor>(new DataClassificationSet(PiiClassifications.FreeText));
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(PiiClassifications.Personal));
        });

        // The same factory AddLogging registers, built here so it can be wrapped.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(
            new LoggerFactory(provider.GetServices<ILoggerProvider>(), provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                provider.GetService<IOptions<LoggerFactoryOptions>>(), provider.GetService<IExternalScopeProvider>()),
            FreeTextRedactor(provider))));
        return services;
    }

    /// <summary>The redactor configured for free text.</summary>
    public static Redactor FreeTextRedactor(IServiceProvider services) =>
        services.GetRequiredService<IRedactorProvider>().GetRedactor(new DataClassificationSet(PiiClassifications.FreeText));
}
