using Confluent.Kafka;

namespace AgentApp.Messaging;

/// <summary>
/// How every Kafka client of the app (producers, consumers, admin) authenticates and encrypts: configuration section
/// <c>Kafka:Security</c>, so a managed Kafka (Confluent Cloud, Azure Event Hubs, Amazon MSK) needs settings, not code.
/// In Kubernetes the values come from the broker's credentials Secret (see the deploy README). Unset means PLAINTEXT,
/// the development broker's protocol.
/// </summary>
public sealed class KafkaSecurityOptions
{
    public const string Section = "Kafka:Security";

    /// <summary><c>security.protocol</c>: Plaintext, Ssl, SaslPlaintext or SaslSsl.</summary>
    public SecurityProtocol? Protocol { get; set; }

    /// <summary><c>sasl.mechanism</c>: Plain (Confluent Cloud, Event Hubs), ScramSha256 or ScramSha512 (MSK), OAuthBearer.</summary>
    public SaslMechanism? SaslMechanism { get; set; }

    /// <summary><c>sasl.username</c> (Event Hubs: <c>$ConnectionString</c>).</summary>
    public string? Username { get; set; }

    /// <summary><c>sasl.password</c> (Event Hubs: the namespace connection string).</summary>
    public string? Password { get; set; }

    /// <summary><c>ssl.ca.pem</c>: the CA certificate(s) in PEM, for brokers whose certificate a public CA did not sign.</summary>
    public string? CaPem { get; set; }

    /// <summary><c>ssl.ca.location</c>: a CA file instead of <see cref="CaPem"/>.</summary>
    public string? CaLocation { get; set; }

    /// <summary>
    /// Applies these settings to a client configuration; with nothing set it changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A SASL protocol without a mechanism, or a password mechanism without credentials.</exception>
    public T ApplyTo<T>(T config) where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Protocol is not { } protocol)
        {
            return config;
        }

        config.SecurityProtocol = protocol;
        if (protocol is SecurityProtocol.SaslSsl or SecurityProtocol.SaslPlaintext)
        {
            config.SaslMechanism = SaslMechanism
                ?? throw new InvalidOperationException($"{Section}:Protocol is {protocol} but {Section}:SaslMechanism is not set (Plain, ScramSha256, ScramSha512 or OAuthBearer).");
            if (SaslMechanism is Confluent.Kafka.SaslMechanism.Plain or Confluent.Kafka.SaslMechanism.ScramSha256 or Confluent.Kafka.SaslMechanism.ScramSha512)
            {
                config.SaslUsername = string.IsNullOrEmpty(Username) ? throw Missing(nameof(Username)) : Username;
                config.SaslPassword = string.IsNullOrEmpty(Password) ? throw Missing(nameof(Password)) : Password;
            }
        }

        if (!string.IsNullOrWhiteSpace(CaPem))
        {
            config.SslCaPem = CaPem;
        }

        if (!string.IsNullOrWhiteSpace(CaLocation))
        {
            config.SslCaLocation = CaLocation;
        }

        return config;
    }

    private InvalidOperationException Missing(string setting) =>
        new($"{Section}:{setting} is required for SASL mechanism {SaslMechanism} (set it from the Kafka credentials Secret).");
}

/// <summary>The one-line hook where a client configuration is built: <c>new ProducerConfig { … }.WithSecurity(options.Security)</c>.</summary>
public static class KafkaSecurityConfigExtensions
{
    /// <summary>Applies <paramref name="security"/> (see <see cref="KafkaSecurityOptions.ApplyTo{T}"/>) and returns the configuration.</summary>
    public static T WithSecurity<T>(this T config, KafkaSecurityOptions security) where T : ClientConfig =>
        (security ?? throw new ArgumentNullException(nameof(security))).ApplyTo(config);
}
