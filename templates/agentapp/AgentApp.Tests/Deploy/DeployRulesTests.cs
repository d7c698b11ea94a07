using AgentApp.Deploy.Output;
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>The checks themselves catch the defects Aspirate ships: a green run means something.</summary>
public sealed class DeployRulesTests
{
    [Theory]
    [InlineData("base/api/service.yaml", "targetPort: http", "targetPort: 0", "targetPort '0' matches no container port")]
    [InlineData("base/actors/deployment.yaml", "        dapr.io/app-port: \"8080\"\n", "", "dapr.io/app-port")]
    [InlineData("base/api/deployment.yaml", "dapr.io/enabled: \"true\"", "dapr.io/enabled: \"'true'\"", "not exactly \"true\"")]
    [InlineData("base/api/deployment.yaml", "dapr.io/config: agentapp-dapr", "dapr.io/config: tracing", "names no Configuration")]
    [InlineData("base/api/configmap.yaml", "  HTTP_PORTS:", "  OpenAI__ApiKey: sk-123\n  HTTP_PORTS:", "secret-looking key OpenAI__ApiKey")]
    [InlineData("base/api/configmap.yaml", "  HTTP_PORTS:", "  Cache: REPLACE_ME_CACHE_PASSWORD\n  HTTP_PORTS:", "holds a secret value")]
    [InlineData("base/worker/deployment.yaml", "path: /health", "path: /ready", "readiness probe must GET /health")]
    [InlineData("base/worker/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "read-only")]
    [InlineData("base/worker/deployment.yaml", "        - ALL\n", "        - NET_RAW\n", "drop ALL")]
    [InlineData("base/gateway/deployment.yaml", "            memory: 512Mi\n", "", "no memory limit")]
    [InlineData("base/dapr/component-statestore.yaml", "type: state.redis", "type: state", "is not concrete")]
    [InlineData("base/dapr/component-statestore.yaml", "    value: \"true\"", "    value: \"false\"", "exactly one actorStateStore")]
    [InlineData("base/actors/deployment.yaml", "key: connectionString", "key: connectionstring", "has no key connectionstring")]
    [InlineData("base/worker/networkpolicy.yaml", "  - from:\n", "  - ports:\n    - port: 8080\n      protocol: TCP\n  - from:\n", "open to every source")]
    public void A_broken_document_fails_the_rules_with_a_message_that_names_it(string path, string find, string replace, string expected)
    {
        var set = Mutated(path, find, replace);

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => DeployRules.AssertAll(set, secretsIncluded: true));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("base/api/deployment.yaml", "revisionHistoryLimit: 5", "replicaz: 2")]
    [InlineData("base/api/service.yaml", "type: ClusterIP", "type: ClusterIP\n  bogus: true")]
    [InlineData("base/dapr/component-pubsub.yaml", "version: v1", "version: v1\n  verzion: v2")]
    public void An_unknown_field_fails_strict_deserialisation(string path, string find, string replace)
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Mutated(path, find, replace));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
    }

    private static DocumentSet Mutated(string path, string find, string replace)
    {
        find = Samples.WithKubernetesAppName(find);
        var files = Samples.Generate().Files;
        var mutated = new GeneratedFiles();
        foreach (var (file, content) in files.Files)
        {
            if (file == path && !content.Contains(find, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{path} does not contain '{find}': the test is out of date.");
            }

            mutated.Add(file, file == path ? content.Replace(find, replace, StringComparison.Ordinal) : content);
        }

        return Samples.Unrendered(new AgentApp.Deploy.KubernetesGenerator.Result(null!, mutated, []));
    }
}
