using Microsoft.Extensions.Compliance.Classification;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The app's data classification taxonomy: what telemetry may carry. Log values, log messages, exception messages and
/// span attributes are <see cref="FreeText"/> (text that may contain a user's words), redacted by the redactor
/// registered for it (<see cref="PiiTextRedactor"/> unless an app sets its own with <c>AddRedaction</c>).
/// </summary>
public static class PiiClassifications
{
    /// <summary>The taxonomy's name.</summary>
    public const string Taxonomy = "AgentApp";

    /// <summary>Free text that may embed personal data (prompts, replies, tool arguments, exception messages).</summary>
    public static DataClassification FreeText { get; } = new(Taxonomy, nameof(FreeText));

    /// <summary>A value that is personal data as a whole (an e-mail address field); redacted entirely.</summary>
    public static DataClassification Personal { get; } = new(Taxonomy, nameof(Personal));
}
