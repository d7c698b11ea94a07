using System.Globalization;
using AgentApp.Deploy.Model;
using k8s;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>
/// A KEDA <c>ScaledObject</c> (<c>keda.sh/v1alpha1</c>) for a Kafka consumer: replicas follow the consumer group's lag
/// on the topics it consumes (https://keda.sh/docs/latest/scalers/apache-kafka/), never more than the topics have
/// partitions. KEDA creates and owns the HorizontalPodAutoscaler, so the service gets no CPU one.
/// </summary>
public static class KedaScalerBuilder
{
    /// <summary>
    /// The group a consumer joins when its settings do not name one (<c>Kafka__ConsumerGroup</c>): the worker's
    /// <c>KafkaOptions.ConsumerGroup</c> default.
    /// </summary>
    public const string DefaultConsumerGroup = "agent-workers";

    /// <summary>The setting a consumer reads its group from.</summary>
    public const string ConsumerGroupSetting = "Kafka__ConsumerGroup";

    /// <summary>
    /// Keys of the optional <c>&lt;kafka&gt;-credentials</c> Secret in KEDA's spelling (its scaler does not read the
    /// clients' <c>protocol</c>/<c>mechanism</c> values): parameter → Secret key. An absent key or Secret reads as unset,
    /// so a PLAINTEXT broker needs none.
    /// </summary>
    public static readonly IReadOnlyList<(string Parameter, string Key)> CredentialKeys =
    [
        ("sasl", "keda.sasl"),
        ("tls", "keda.tls"),
        ("username", "username"),
        ("password", "password"),
        ("ca", "ca.crt"),
    ];

    /// <summary>True when <paramref name="workload"/> scales on lag: KEDA chosen, and it consumes a topic.</summary>
    public static bool Applies(AppModel app, Workload workload, GeneratorOptions options) =>
        options.ConsumerScaling == ConsumerScaling.Keda && AutoscalerBuilder.Applies(workload)
        && app.Topics.Any(t => t.Consumers.Contains(workload.Name));

    /// <summary>The name of the TriggerAuthentication for one consumer and broker.</summary>
    public static string AuthenticationName(Workload workload, string broker) => $"{workload.Name}-{broker}";

    /// <summary>The ScaledObject: one lag trigger per consumed topic, the base replica range capped at partitions.</summary>
    /// <exception cref="Manifest.ManifestException">The consumer reads no bootstrap servers KEDA could read too.</exception>
    public static KedaScaledObject Build(AppModel app, Workload workload, GeneratorOptions options)
    {
        var max = AutoscalerBuilder.MaxFor(workload, AutoscalerBuilder.MaxReplicas);
        var min = AutoscalerBuilder.MinFor(workload, AutoscalerBuilder.MinReplicas, AutoscalerBuilder.MaxReplicas);
        var group = workload.Settings.GetValueOrDefault(ConsumerGroupSetting) ?? DefaultConsumerGroup;
        return new KedaScaledObject
        {
            Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
            Spec = new KedaScaledObjectSpec
            {
                // The container whose environment *FromEnv names resolve in (the sidecar is injected later, but be explicit).
                ScaleTargetRef = new KedaScaleTarget { Name = workload.Name, EnvSourceContainerName = workload.Name },
                MinReplicaCount = min,
                MaxReplicaCount = max,
                PollingInterval = 15,
                CooldownPeriod = 300,
                // If the lag cannot be read (broker or credentials wrong), hold the floor instead of scaling on nothing.
                Fallback = new KedaFallback { FailureThreshold = 3, Replicas = min },
                Triggers =
                [
                    .. app.Topics.Where(t => t.Consumers.Contains(workload.Name)).Select(topic => new KedaTrigger
                    {
                        Type = "kafka",
                        Metadata = Labels.Sorted(
                            ("bootstrapServersFromEnv", BootstrapVariable(app, workload, topic)),
                            ("consumerGroup", group),
                            ("topic", topic.Name),
                            ("lagThreshold", options.KedaLagThreshold.ToString(CultureInfo.InvariantCulture)),
                            // As the consumer starts a new group: from the beginning, so a backlog counts as lag.
                            ("offsetResetPolicy", "earliest")),
                        AuthenticationRef = new KedaAuthenticationRef { Name = AuthenticationName(workload, topic.Broker) },
                    }),
                ],
            },
        };
    }

    /// <summary>A TriggerAuthentication per broker the consumer reads from, mapping its credentials Secret onto the scaler's parameters.</summary>
    public static IEnumerable<KedaTriggerAuthentication> Authentications(AppModel app, Workload workload) =>
        app.Topics.Where(t => t.Consumers.Contains(workload.Name)).Select(t => t.Broker).Distinct().Order(StringComparer.Ordinal)
            .Select(broker => new KedaTriggerAuthentication
            {
                Metadata = Labels.Metadata(AuthenticationName(workload, broker), app.AppName, workload.Name),
                Spec = new KedaTriggerAuthenticationSpec
                {
                    SecretTargetRef = [.. CredentialKeys.Select(k => new KedaSecretTarget { Parameter = k.Parameter, Name = KafkaCredentials.SecretName(broker), Key = k.Key })],
                },
            });

    // KEDA reads the brokers from the same environment variable as the app (it resolves secretKeyRef itself).
    private static string BootstrapVariable(AppModel app, Workload workload, KafkaTopic topic)
    {
        var secret = app.Infrastructure.FirstOrDefault(i => i.Name == topic.Broker)?.ConnectionSecret;
        return workload.SecretSettings.FirstOrDefault(s => s.Secret == secret && s.Key == "connectionString")?.Variable
            ?? throw new Manifest.ManifestException($"{workload.Name} consumes '{topic.Name}' but reads no connection string of '{topic.Broker}': KEDA could not find the brokers.");
    }
}

/// <summary>A KEDA <c>ScaledObject</c>.</summary>
public sealed class KedaScaledObject : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "keda.sh/v1alpha1";

    /// <inheritdoc />
    public string Kind { get; set; } = "ScaledObject";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What scales, between which bounds, on what.</summary>
    public KedaScaledObjectSpec Spec { get; set; } = new();
}

/// <summary><c>spec</c> of a ScaledObject.</summary>
public sealed class KedaScaledObjectSpec
{
    /// <summary>The Deployment.</summary>
    public KedaScaleTarget ScaleTargetRef { get; set; } = new();

    /// <summary>Seconds between lag checks.</summary>
    public int? PollingInterval { get; set; }

    /// <summary>Seconds after the last activity before scaling to the floor.</summary>
    public int? CooldownPeriod { get; set; }

    /// <summary>The floor.</summary>
    public int? MinReplicaCount { get; set; }

    /// <summary>The ceiling.</summary>
    public int? MaxReplicaCount { get; set; }

    /// <summary>Replicas to hold while the scaler fails.</summary>
    public KedaFallback? Fallback { get; set; }

    /// <summary>The scalers (none in an overlay's patch).</summary>
    public IList<KedaTrigger>? Triggers { get; set; }
}

/// <summary>The scale target.</summary>
public sealed class KedaScaleTarget
{
    /// <summary>Its API version.</summary>
    public string ApiVersion { get; set; } = "apps/v1";

    /// <summary>Its kind.</summary>
    public string Kind { get; set; } = "Deployment";

    /// <summary>Its name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The container whose environment <c>*FromEnv</c> parameters read.</summary>
    public string? EnvSourceContainerName { get; set; }
}

/// <summary>What to do while the scaler fails.</summary>
public sealed class KedaFallback
{
    /// <summary>Failed checks before falling back.</summary>
    public int FailureThreshold { get; set; }

    /// <summary>Replicas meanwhile.</summary>
    public int Replicas { get; set; }
}

/// <summary>One scaler.</summary>
public sealed class KedaTrigger
{
    /// <summary>The scaler, e.g. <c>kafka</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Its parameters.</summary>
    public IDictionary<string, string> Metadata { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where its secret parameters come from.</summary>
    public KedaAuthenticationRef? AuthenticationRef { get; set; }
}

/// <summary>A reference to a TriggerAuthentication.</summary>
public sealed class KedaAuthenticationRef
{
    /// <summary>Its name.</summary>
    public string Name { get; set; } = string.Empty;
}

/// <summary>A KEDA <c>TriggerAuthentication</c>.</summary>
public sealed class KedaTriggerAuthentication : IKubernetesObject<V1ObjectMeta>
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "keda.sh/v1alpha1";

    /// <inheritdoc />
    public string Kind { get; set; } = "TriggerAuthentication";

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Secret keys by scaler parameter.</summary>
    public KedaTriggerAuthenticationSpec Spec { get; set; } = new();
}

/// <summary><c>spec</c> of a TriggerAuthentication.</summary>
public sealed class KedaTriggerAuthenticationSpec
{
    /// <summary>Parameters read from Secrets.</summary>
    public IList<KedaSecretTarget> SecretTargetRef { get; set; } = [];
}

/// <summary>One parameter read from a Secret key.</summary>
public sealed class KedaSecretTarget
{
    /// <summary>The scaler parameter.</summary>
    public string Parameter { get; set; } = string.Empty;

    /// <summary>The Secret.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key.</summary>
    public string Key { get; set; } = string.Empty;
}
