using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>Adds the daprd process of one sidecar and points its application at it.</summary>
internal static class DaprdExecutable
{
    /// <summary>The application endpoint daprd calls (the app's own <c>http</c> binding).</summary>
    public const string AppEndpointName = "http";

    public static IResourceBuilder<DaprdResource> Add(IDistributedApplicationBuilder builder, DaprHost host, DaprSidecarResource sidecar)
    {
        var controlPlane = host.ControlPlane;
        var daprd = new DaprdResource($"{sidecar.Application.Name}-daprd", host.Installation.DaprdPath!, builder.AppHostDirectory, sidecar);
        return builder.AddResource(daprd)
            .WithEndpoint(name: DaprdResource.HttpEndpointName, scheme: "http", isProxied: false)
            .WithEndpoint(name: DaprdResource.GrpcEndpointName, scheme: "http", isProxied: false)
            .WithEndpoint(name: DaprdResource.MetricsEndpointName, scheme: "http", isProxied: false)
            .WithArgs(context => AddArguments(context, daprd, controlPlane, builder.Configuration, builder.AppHostDirectory))
            // daprd registers its internal gRPC address with placement; loopback keeps actor calls on this machine.
            .WithEnvironment("DAPR_HOST_IP", "127.0.0.1")
            .WithEnvironment(context =>
            {
                // The dashboard's OTLP endpoint may require its API key; Go's OTLP exporter reads the header from here.
                if (builder.Configuration["AppHost:OtlpApiKey"] is { Length: > 0 } key)
                {
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={key}";
                }
            })
            .WithHttpHealthCheck("/v1.0/healthz", statusCode: 204, endpointName: DaprdResource.HttpEndpointName)
            .WaitFor(controlPlane.Placement)
            .WaitFor(controlPlane.Scheduler)
            .WithParentRelationship(sidecar)
            .ExcludeFromManifest();
    }

    /// <summary>Points the application's Dapr SDK at its sidecar (the SDK's defaults would be ports 3500/50001).</summary>
    public static void AddDaprEnvironment<T>(IResourceBuilder<T> app, DaprdResource daprd) where T : IResourceWithEnvironment =>
        app.WithEnvironment(context =>
        {
            context.EnvironmentVariables["DAPR_HTTP_ENDPOINT"] = daprd.HttpEndpoint;
            context.EnvironmentVariables["DAPR_GRPC_ENDPOINT"] = daprd.GrpcEndpoint;
            context.EnvironmentVariables["DAPR_HTTP_PORT"] = daprd.HttpEndpoint.Property(EndpointProperty.Port);
            context.EnvironmentVariables["DAPR_GRPC_PORT"] = daprd.GrpcEndpoint.Property(EndpointProperty.Port);
        });

    private static void AddArguments(CommandLineArgsCallbackContext context, DaprdResource daprd, DaprControlPlane controlPlane, IConfiguration configuration, string appHostDirectory)
    {
        var sidecar = daprd.Sidecar;
        void Add(string name, object value)
        {
            context.Args.Add(name);
            context.Args.Add(value);
        }

        Add("--app-id", sidecar.AppId);
        if (sidecar.Application.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == AppEndpointName))
        {
            // The target port: daprd calls the app directly, not through Aspire's proxy.
            Add("--app-port", sidecar.Application.GetEndpoint(AppEndpointName).Property(EndpointProperty.TargetPort));
            Add("--app-protocol", "http");
        }
        else
        {
            context.Logger.LogWarning(
                "'{Application}' has no '{Endpoint}' endpoint, so daprd runs without --app-port and cannot call it (no actors, no subscriptions). Add a launch profile or WithHttpEndpoint().",
                sidecar.Application.Name, AppEndpointName);
        }

        Add("--dapr-http-port", daprd.HttpEndpoint.Property(EndpointProperty.Port));
        Add("--dapr-grpc-port", daprd.GrpcEndpoint.Property(EndpointProperty.Port));
        Add("--metrics-port", daprd.GetEndpoint(DaprdResource.MetricsEndpointName).Property(EndpointProperty.Port));
        Add("--placement-host-address", DaprControlPlane.Address(controlPlane.Placement));
        Add("--scheduler-host-address", DaprControlPlane.Address(controlPlane.Scheduler));
        Add("--resources-path", new DaprComponentsDirectory(sidecar, controlPlane.Run));
        Add("--config", new DaprConfigurationFile(sidecar, controlPlane.Run, configuration, appHostDirectory));
        Add("--log-level", sidecar.Options.LogLevel ?? "info");
    }
}
