namespace AgentApp.Deploy.Model;

/// <summary>
/// The optional Secret <c>&lt;broker&gt;-credentials</c> a managed Kafka needs: every Kafka client reads its keys into
/// <c>Kafka:Security</c> (KafkaSecurityOptions), and the topics Job into the Kafka CLI's client properties. Without the
/// Secret the variables stay unset and clients speak PLAINTEXT, as to the development broker.
/// </summary>
public static class KafkaCredentials
{
    /// <summary>Secret key → configuration key under <c>Kafka:Security</c>.</summary>
    public static readonly IReadOnlyList<(string Key, string Setting)> Keys =
    [
        ("protocol", "Protocol"),
        ("mechanism", "SaslMechanism"),
        ("username", "Username"),
        ("password", "Password"),
        ("ca.crt", "CaPem"),
    ];

    /// <summary>The Secret's name.</summary>
    public static string SecretName(string broker) => $"{broker}-credentials";

    /// <summary>The environment variables a Kafka client reads from the Secret, each optional.</summary>
    public static IEnumerable<SecretSetting> Settings(string broker) =>
        Keys.Select(k => new SecretSetting($"Kafka__Security__{k.Setting}", SecretName(broker), k.Key, Optional: true));
}
