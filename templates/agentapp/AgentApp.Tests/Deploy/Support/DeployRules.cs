using System.Text.RegularExpressions;
using AgentApp.Deploy.Dapr;
using AgentApp.Deploy.Manifest;
using k8s.Models;

namespace AgentApp.Tests.Deploy.Support;

/// <summary>
/// The semantic rules strict deserialisation cannot check: selectors, ports, probes,
/// resources, security, secrets, Dapr wiring, exposure. Every violation is collected, so one run lists them all.
/// </summary>
public static partial class DeployRules
{
    /// <summary>Asserts every rule over <paramref name="set"/>; <paramref name="secretsIncluded"/> is false for sets without Secrets (production).</summary>
    public static void AssertAll(DocumentSet set, bool secretsIncluded)
    {
        var failures = new List<string>();
        Selectors(set, failures);
        Ports(set, failures);
        Probes(set, failures);
        Resources(set, failures);
        Security(set, failures);
        ConfigMapsHoldNoSecrets(set, failures);
        References(set, secretsIncluded, failures);
        Dapr(set, failures);
        Exposure(set, failures);
        Assert.True(failures.Count == 0, "Deployment rules violated:\n  " + string.Join("\n  ", failures));
    }

    /// <summary>Names that must never be ConfigMap keys (kubernetes.md: *ApiKey*, *Password*, ConnectionStrings__*).</summary>
    public static bool LooksSecret(string key) => SecretLookingKey().IsMatch(key);

    private static void Selectors(DocumentSet set, List<string> failures)
    {
        foreach (var (name, template, selector) in set.Workloads)
        {
            if (selector.MatchLabels is not { Count: > 0 } || !Matches(selector.MatchLabels, template.Metadata?.Labels))
            {
                failures.Add($"{name}: selector does not match its pod labels");
            }
        }

        foreach (var service in set.Services)
        {
            Check(failures, PodsOf(set, service.Spec.Selector).Count() == 1, $"Service {service.Metadata.Name}: selector must match exactly one workload");
        }

        foreach (var pdb in set.All<V1PodDisruptionBudget>())
        {
            Check(failures, PodsOf(set, pdb.Spec.Selector.MatchLabels).Count() == 1, $"PodDisruptionBudget {pdb.Metadata.Name}: selector matches no workload");
            Check(failures, pdb.Spec.UnhealthyPodEvictionPolicy == "AlwaysAllow", $"PodDisruptionBudget {pdb.Metadata.Name}: unready pods must stay evictable (AlwaysAllow)");
        }

        foreach (var scaled in set.All<AgentApp.Deploy.Kubernetes.KedaScaledObject>())
        {
            var target = set.Deployments.SingleOrDefault(d => d.Metadata.Name == scaled.Spec.ScaleTargetRef.Name);
            Check(failures, target is not null && scaled.Spec.ScaleTargetRef.Kind == "Deployment", $"ScaledObject {scaled.Metadata.Name}: no Deployment {scaled.Spec.ScaleTargetRef.Name}");
            Check(failures, scaled.Spec.MinReplicaCount is >= 1 && scaled.Spec.MinReplicaCount <= scaled.Spec.MaxReplicaCount, $"ScaledObject {scaled.Metadata.Name}: needs 1 <= minReplicaCount <= maxReplicaCount");
            Check(failures, target?.Spec.Replicas is null, $"Deployment {scaled.Spec.ScaleTargetRef.Name}: replicas is set although KEDA scales it");
            // KEDA creates its own HPA for the target: a second one would fight it.
            Check(failures, set.All<V2HorizontalPodAutoscaler>().All(h => h.Spec.ScaleTargetRef.Name != scaled.Spec.ScaleTargetRef.Name),
                $"Deployment {scaled.Spec.ScaleTargetRef.Name}: both an HPA and a ScaledObject scale it");
            foreach (var reference in (scaled.Spec.Triggers ?? []).Select(t => t.AuthenticationRef?.Name).OfType<string>())
            {
                Check(failures, set.All<AgentApp.Deploy.Kubernetes.KedaTriggerAuthentication>().Any(a => a.Metadata.Name == reference),
                    $"ScaledObject {scaled.Metadata.Name}: no TriggerAuthentication {reference}");
            }
        }

        foreach (var hpa in set.All<V2HorizontalPodAutoscaler>())
        {
            var target = set.Deployments.SingleOrDefault(d => d.Metadata.Name == hpa.Spec.ScaleTargetRef.Name);
            Check(failures, target is not null && hpa.Spec.ScaleTargetRef.Kind == "Deployment", $"HPA {hpa.Metadata.Name}: no Deployment {hpa.Spec.ScaleTargetRef.Name}");
            Check(failures, hpa.Spec.MinReplicas is >= 1 && hpa.Spec.MinReplicas <= hpa.Spec.MaxReplicas, $"HPA {hpa.Metadata.Name}: needs 1 <= minReplicas <= maxReplicas");
            Check(failures, target?.Spec.Replicas is null, $"Deployment {hpa.Spec.ScaleTargetRef.Name}: replicas is set although an HPA scales it");
            foreach (var metric in hpa.Spec.Metrics ?? [])
            {
                // Utilisation is usage over request: every container it covers needs a CPU request, injected ones included.
                if (metric.Resource is { Name: "cpu", Target.Type: "Utilization" } && target is not null)
                {
                    var annotations = target.Spec.Template.Metadata?.Annotations ?? new Dictionary<string, string>();
                    Check(failures, target.Spec.Template.Spec.Containers.All(c => c.Resources?.Requests?.ContainsKey("cpu") == true)
                        && (Get(annotations, DaprAnnotations.Enabled) != "true" || annotations.ContainsKey(DaprAnnotations.SidecarCpuRequest)),
                        $"HPA {hpa.Metadata.Name}: CPU utilisation of a pod with a container that has no CPU request");
                }

                if (metric.ContainerResource is { Name: "cpu", Target.Type: "Utilization" } containerMetric && target is not null)
                {
                    Check(failures, target.Spec.Template.Spec.Containers.Any(c => c.Name == containerMetric.Container && c.Resources?.Requests?.ContainsKey("cpu") == true),
                        $"HPA {hpa.Metadata.Name}: container '{containerMetric.Container}' has no CPU request");
                }
            }
        }

        foreach (var policy in set.All<V1NetworkPolicy>())
        {
            Check(failures, PodsOf(set, policy.Spec.PodSelector.MatchLabels).Any(), $"NetworkPolicy {policy.Metadata.Name}: selects no pods");
            foreach (var peer in (policy.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []))
            {
                Check(failures, peer.PodSelector?.MatchLabels is null || PodsOf(set, peer.PodSelector.MatchLabels).Any(),
                    $"NetworkPolicy {policy.Metadata.Name}: a 'from' selects no pods");
            }
        }
    }

    private static void Ports(DocumentSet set, List<string> failures)
    {
        foreach (var (name, template, _) in set.Workloads)
        {
            foreach (var port in template.Spec.Containers.SelectMany(c => c.Ports ?? []))
            {
                Check(failures, port.ContainerPort is >= 1 and <= 65535, $"{name}: containerPort {port.ContainerPort} out of range");
                Check(failures, port.Name is { Length: > 0 and <= 15 }, $"{name}: port name '{port.Name}' must be 1-15 characters");
            }
        }

        foreach (var service in set.Services)
        {
            var pods = PodsOf(set, service.Spec.Selector).ToList();
            var containerPorts = pods.SelectMany(p => p.Template.Spec.Containers).SelectMany(c => c.Ports ?? []).ToList();
            foreach (var port in service.Spec.Ports)
            {
                Check(failures, port.Port is >= 1 and <= 65535, $"Service {service.Metadata.Name}: port {port.Port} out of range");
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var matches = int.TryParse(target, out var number)
                    ? number is >= 1 and <= 65535 && containerPorts.Any(c => c.ContainerPort == number)
                    : containerPorts.Any(c => c.Name == target);
                Check(failures, matches, $"Service {service.Metadata.Name}: targetPort '{target}' matches no container port");
            }
        }
    }

    private static void Probes(DocumentSet set, List<string> failures)
    {
        foreach (var deployment in set.Deployments)
        {
            foreach (var container in deployment.Spec.Template.Spec.Containers)
            {
                var name = $"{deployment.Metadata.Name}/{container.Name}";
                Check(failures, container.ReadinessProbe?.HttpGet?.Path == "/health", $"{name}: readiness probe must GET /health");
                Check(failures, container.LivenessProbe?.HttpGet?.Path == "/alive", $"{name}: liveness probe must GET /alive");
                Check(failures, container.StartupProbe?.HttpGet is not null, $"{name}: no startup probe");
                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.Where(p => p?.HttpGet is not null))
                {
                    Check(failures, (container.Ports ?? []).Any(p => p.Name == probe!.HttpGet.Port.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == probe.HttpGet.Port.Value),
                        $"{name}: probe port '{probe!.HttpGet.Port.Value}' is not a container port");
                }
            }
        }

        foreach (var statefulSet in set.StatefulSets)
        {
            Check(failures, statefulSet.Spec.Template.Spec.Containers.All(c => c.ReadinessProbe is not null && c.LivenessProbe is not null),
                $"StatefulSet {statefulSet.Metadata.Name}: probes missing");
        }
    }

    private static void Resources(DocumentSet set, List<string> failures)
    {
        foreach (var (name, template, _) in set.Workloads)
        {
            foreach (var container in template.Spec.Containers)
            {
                foreach (var kind in new[] { "cpu", "memory" })
                {
                    Check(failures, container.Resources?.Requests?.ContainsKey(kind) == true, $"{name}/{container.Name}: no {kind} request");
                    Check(failures, container.Resources?.Limits?.ContainsKey(kind) == true, $"{name}/{container.Name}: no {kind} limit");
                }
            }
        }
    }

    private static void Security(DocumentSet set, List<string> failures)
    {
        foreach (var (name, template, _) in set.Workloads)
        {
            var pod = template.Spec.SecurityContext;
            Check(failures, pod?.RunAsNonRoot == true, $"{name}: pod must run as non-root");
            Check(failures, pod?.SeccompProfile?.Type == "RuntimeDefault", $"{name}: seccompProfile must be RuntimeDefault");
            foreach (var container in template.Spec.Containers)
            {
                var security = container.SecurityContext;
                Check(failures, security?.AllowPrivilegeEscalation == false, $"{name}/{container.Name}: allowPrivilegeEscalation must be false");
                Check(failures, security?.Capabilities?.Drop?.Contains("ALL") == true, $"{name}/{container.Name}: must drop ALL capabilities");
            }
        }

        foreach (var deployment in set.Deployments)
        {
            var spec = deployment.Spec.Template.Spec;
            foreach (var container in spec.Containers)
            {
                Check(failures, container.SecurityContext?.ReadOnlyRootFilesystem == true, $"{deployment.Metadata.Name}: root filesystem must be read-only");
                var tmp = container.VolumeMounts?.SingleOrDefault(m => m.MountPath == "/tmp");
                Check(failures, tmp is not null && spec.Volumes?.Any(v => v.Name == tmp.Name && v.EmptyDir is not null) == true,
                    $"{deployment.Metadata.Name}: /tmp must be an emptyDir");
            }
        }
    }

    private static void ConfigMapsHoldNoSecrets(DocumentSet set, List<string> failures)
    {
        var secretValues = set.Secrets.SelectMany(s => (s.StringData ?? new Dictionary<string, string>()).Values)
            .Where(v => v.Contains(Placeholders.Prefix, StringComparison.Ordinal)).ToHashSet();
        foreach (var configMap in set.ConfigMaps)
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                Check(failures, !LooksSecret(key), $"ConfigMap {configMap.Metadata.Name}: secret-looking key {key}");
                Check(failures, !value.Contains(Placeholders.Prefix, StringComparison.Ordinal) && !secretValues.Contains(value),
                    $"ConfigMap {configMap.Metadata.Name}: {key} holds a secret value");
            }
        }
    }

    private static void References(DocumentSet set, bool secretsIncluded, List<string> failures)
    {
        var secrets = set.Secrets.ToDictionary(s => s.Metadata.Name, s => (s.StringData ?? new Dictionary<string, string>()).Keys.ToHashSet());
        void SecretKey(string owner, string secret, string key) =>
            Check(failures, !secretsIncluded || (secrets.TryGetValue(secret, out var keys) && keys.Contains(key)), $"{owner}: Secret {secret} has no key {key}");

        foreach (var (name, template, _) in set.Workloads)
        {
            foreach (var container in template.Spec.Containers)
            {
                foreach (var env in container.Env ?? [])
                {
                    Check(failures, env.Value is not null ^ env.ValueFrom is not null, $"{name}: env {env.Name} needs exactly one of value/valueFrom");
                    if (env.ValueFrom?.SecretKeyRef is { Optional: not true } reference)
                    {
                        SecretKey($"{name} env {env.Name}", reference.Name, reference.Key);
                    }
                }

                foreach (var source in container.EnvFrom ?? [])
                {
                    Check(failures, source.ConfigMapRef is null || set.ConfigMaps.Any(c => c.Metadata.Name == source.ConfigMapRef.Name),
                        $"{name}: envFrom names a missing ConfigMap {source.ConfigMapRef?.Name}");
                }
            }
        }

        foreach (var component in set.Components)
        {
            foreach (var item in component.Spec.Metadata.Where(m => m.SecretKeyRef is not null))
            {
                SecretKey($"Component {component.Metadata.Name} {item.Name}", item.SecretKeyRef!.Name, item.SecretKeyRef.Key);
            }
        }

        Check(failures, secretsIncluded || set.Secrets.Count == 0, "this set must not carry Secrets");
    }

    private static void Dapr(DocumentSet set, List<string> failures)
    {
        var appIds = new HashSet<string>();
        foreach (var deployment in set.Deployments)
        {
            var annotations = deployment.Spec.Template.Metadata?.Annotations ?? new Dictionary<string, string>();
            if (!annotations.TryGetValue(DaprAnnotations.Enabled, out var enabled))
            {
                continue;
            }

            var name = deployment.Metadata.Name;
            Check(failures, enabled == "true", $"{name}: dapr.io/enabled is '{enabled}', not exactly \"true\"");
            foreach (var (key, value) in annotations.Where(a => a.Key.StartsWith("dapr.io/", StringComparison.Ordinal)))
            {
                Check(failures, !value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal), $"{name}: {key} is quoted twice: {value}");
            }

            Check(failures, annotations.TryGetValue(DaprAnnotations.AppId, out var appId) && appId.Length > 0, $"{name}: no dapr.io/app-id");
            appIds.Add(appId ?? string.Empty);
            var ports = deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).Select(p => p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Check(failures, annotations.TryGetValue(DaprAnnotations.AppPort, out var appPort) && ports.Contains(appPort), $"{name}: dapr.io/app-port '{appPort}' is not a container port");
            Check(failures, annotations.TryGetValue(DaprAnnotations.Config, out var config) && set.Configurations.Any(c => c.Metadata.Name == config),
                $"{name}: dapr.io/config '{config}' names no Configuration");
            // daprd exits without a service-account token unless its built-in Kubernetes secret store is off (dapr/dapr#7682).
            var spec = deployment.Spec.Template.Spec;
            Check(failures, spec.AutomountServiceAccountToken != false || Get(annotations, DaprAnnotations.DisableBuiltinSecretStore) == "true",
                $"{name}: no service-account token and daprd's built-in Kubernetes secret store is on: daprd would exit");
            Check(failures, int.TryParse(Get(annotations, DaprAnnotations.GracefulShutdownSeconds), out var shutdown) && shutdown >= 30,
                $"{name}: dapr.io/graceful-shutdown-seconds must outlast the app's drain (.NET's 30 s shutdown timeout)");
            Check(failures, spec.TerminationGracePeriodSeconds is { } grace && grace > shutdown,
                $"{name}: terminationGracePeriodSeconds must exceed the sidecar's graceful shutdown");
            foreach (var resource in new[] { "dapr.io/sidecar-cpu-request", "dapr.io/sidecar-memory-request", "dapr.io/sidecar-cpu-limit", "dapr.io/sidecar-memory-limit" })
            {
                Check(failures, annotations.ContainsKey(resource), $"{name}: no {resource} (the injected sidecar would have no requests/limits)");
            }

            Check(failures, Get(annotations, "dapr.io/enable-metrics") == "true" && annotations.ContainsKey("dapr.io/metrics-port"),
                $"{name}: sidecar metrics are off");
            var metricsPort = int.TryParse(Get(annotations, "dapr.io/metrics-port"), out var mp) ? mp : -1;
            Check(failures, set.All<V1NetworkPolicy>().Any(p => PodsOf(set, p.Spec.PodSelector.MatchLabels).Any(w => w.Name == name)
                    && (p.Spec.Ingress ?? []).Any(r => r.FromProperty?.Any(f => f.NamespaceSelector is not null) == true && r.Ports?.Any(x => x.Port?.Value == metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)) == true)),
                $"{name}: no NetworkPolicy lets a monitoring namespace reach the sidecar's metrics port");
        }

        foreach (var component in set.Components)
        {
            var name = component.Metadata.Name;
            Check(failures, ConcreteType().IsMatch(component.Spec.Type), $"Component {name}: type '{component.Spec.Type}' is not concrete");
            Check(failures, component.Scopes is null || component.Scopes.All(appIds.Contains), $"Component {name}: scoped to an app id no Deployment has");
            if (component.Spec.Type == "state.redis")
            {
                Check(failures, component.Spec.Metadata.Any(m => m.Name == "redisHost"), $"Component {name}: no redisHost");
            }

            if (component.Spec.Type == "pubsub.kafka")
            {
                Check(failures, component.Spec.Metadata.Any(m => m.Name == "brokers") && component.Spec.Metadata.Any(m => m.Name == "authType"),
                    $"Component {name}: pubsub.kafka needs brokers and authType");
            }
        }

        var actorStores = set.Components.Count(c => c.Spec.Metadata.Any(m => m.Name == "actorStateStore" && m.Value == "true"));
        Check(failures, !set.Components.Any(c => c.Spec.Type.StartsWith("state.", StringComparison.Ordinal)) || actorStores == 1,
            $"exactly one actorStateStore Component expected, found {actorStores}");
    }

    private static void Exposure(DocumentSet set, List<string> failures)
    {
        var exposed = set.Ingresses.SelectMany(i => i.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service.Name))
            .Concat(set.HttpRoutes.SelectMany(r => r.Spec.Rules.SelectMany(x => x.BackendRefs).Select(b => b.Name)))
            .ToHashSet();
        foreach (var backend in exposed)
        {
            Check(failures, set.Services.Any(s => s.Metadata.Name == backend), $"Ingress/HTTPRoute backend {backend} is no Service");
        }

        var exposedPods = exposed.SelectMany(b => set.Services.Where(s => s.Metadata.Name == b)).SelectMany(s => PodsOf(set, s.Spec.Selector)).Select(p => p.Name).ToHashSet();
        foreach (var policy in set.All<V1NetworkPolicy>())
        {
            var openToAll = (policy.Spec.Ingress ?? []).Any(r => r.FromProperty is null || r.FromProperty.Count == 0);
            var pods = PodsOf(set, policy.Spec.PodSelector.MatchLabels).Select(p => p.Name).ToList();
            Check(failures, !openToAll || pods.All(exposedPods.Contains), $"NetworkPolicy {policy.Metadata.Name}: open to every source but not behind the Ingress");
        }
    }

    private static IEnumerable<(string Name, V1PodTemplateSpec Template)> PodsOf(DocumentSet set, IDictionary<string, string>? selector) =>
        selector is null ? [] : set.PodTemplates.Where(w => Matches(selector, w.Template.Metadata?.Labels));

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        labels is not null && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    private static string? Get(IDictionary<string, string> map, string key) => map.TryGetValue(key, out var value) ? value : null;

    private static void Check(List<string> failures, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }

    [GeneratedRegex("(?i)(apikey|api_key|password|secret|token|^connectionstrings__)")]
    private static partial Regex SecretLookingKey();

    [GeneratedRegex(@"^(state|pubsub|bindings|secretstores|configuration|lock|middleware\.http|crypto|conversation|nameresolution)\.[a-z0-9.-]+$")]
    private static partial Regex ConcreteType();
}
