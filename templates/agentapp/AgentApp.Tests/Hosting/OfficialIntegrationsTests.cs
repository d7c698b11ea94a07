using System.Reflection;
using System.Runtime.CompilerServices;
using AgentApp.Hosting;

namespace AgentApp.Tests.Hosting;

/// <summary>
/// Our hosting integrations sit beside the published ones: an AppHost that adds <c>Aspire.Hosting.Kafka</c> 13.x or
/// <c>CommunityToolkit.Aspire.Hosting.Dapr</c> gets no duplicate type and no extension method of the same namespace and name.
/// </summary>
public sealed class OfficialIntegrationsTests
{
    // The public API of Aspire.Hosting.Kafka 13.x (microsoft/aspire, src/Aspire.Hosting.Kafka/api/Aspire.Hosting.Kafka.cs;
    // ApplicationModel is where earlier versions kept the resource classes).
    private static readonly string[] s_kafkaTypes =
    [
        "Aspire.Hosting.KafkaBuilderExtensions",
        "Aspire.Hosting.KafkaServerResource",
        "Aspire.Hosting.KafkaUIContainerResource",
        "Aspire.Hosting.ApplicationModel.KafkaServerResource",
        "Aspire.Hosting.ApplicationModel.KafkaUIContainerResource",
    ];

    private static readonly string[] s_kafkaExtensions =
    [
        "Aspire.Hosting.AddKafka",
        "Aspire.Hosting.WithDataBindMount",
        "Aspire.Hosting.WithDataVolume",
        "Aspire.Hosting.WithHostPort",
        "Aspire.Hosting.WithKafkaUI",
    ];

    // The public API of CommunityToolkit.Aspire.Hosting.Dapr (CommunityToolkit/Aspire,
    // src/CommunityToolkit.Aspire.Hosting.Dapr/api/CommunityToolkit.Aspire.Hosting.Dapr.cs).
    private static readonly string[] s_daprTypes =
    [
        "Aspire.Hosting.DaprMetadataResourceBuilderExtensions",
        "Aspire.Hosting.IDistributedApplicationBuilderExtensions",
        "Aspire.Hosting.IDistributedApplicationResourceBuilderExtensions",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentOptions",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentReferenceAnnotation",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentResource",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentSpecMetadata",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentSpecMetadataSecret",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprComponentSpecMetadataValue",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprOptions",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprSecretKeyRef",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprSidecarAnnotation",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprSidecarAvailableEvent",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprSidecarOptions",
        "CommunityToolkit.Aspire.Hosting.Dapr.DaprSidecarOptionsAnnotation",
        "CommunityToolkit.Aspire.Hosting.Dapr.IDaprComponentResource",
        "CommunityToolkit.Aspire.Hosting.Dapr.IDaprSidecarResource",
    ];

    private static readonly string[] s_daprExtensions =
    [
        "Aspire.Hosting.WithMetadata",
        "Aspire.Hosting.AddDapr",
        "Aspire.Hosting.AddDaprComponent",
        "Aspire.Hosting.AddDaprPubSub",
        "Aspire.Hosting.AddDaprStateStore",
        "Aspire.Hosting.WithDaprSidecar",
        "Aspire.Hosting.WithOptions",
        "Aspire.Hosting.WithReference",
    ];

    private static readonly Assembly s_ours = typeof(KafkaBuilderExtensions).Assembly;

    [Fact]
    public void No_public_type_of_ours_has_the_full_name_of_an_official_one()
    {
        var ours = OurTypes().Select(t => t.FullName!).ToHashSet();

        Assert.Contains(typeof(KafkaServerResource).FullName!, ours);
        Assert.Empty(ours.Intersect([.. s_kafkaTypes, .. s_daprTypes]));
    }

    [Fact]
    public void No_extension_method_of_ours_has_the_namespace_and_name_of_an_official_one()
    {
        var ours = OurTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute)))
            .Select(m => $"{m.DeclaringType!.Namespace}.{m.Name}")
            .ToHashSet();

        Assert.Contains($"{typeof(KafkaBuilderExtensions).Namespace}.{nameof(KafkaBuilderExtensions.AddKafka)}", ours);
        Assert.Empty(ours.Intersect([.. s_kafkaExtensions, .. s_daprExtensions]));
    }

    private static IEnumerable<Type> OurTypes() =>
        s_ours.GetExportedTypes().Where(t => t.Namespace is not null && !t.Namespace.StartsWith("Projects", StringComparison.Ordinal));
}
