using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Settings;

/// <summary>Every options class of the api, the worker and the actors is validated at start: a bad value stops the service, naming the setting.</summary>
public sealed class BadSettingsTests
{
    [Theory]
    [InlineData("Agent:MaxOutputTokens", "1")]
    [InlineData("Guardrails:MaxMessageLength", "0")]
    [InlineData("Mcp:RefreshInterval", "00:00:00")]
    [InlineData("ModelPricing:Models:gpt-4o:InputPer1M", "-1")]
    [InlineData("ModelPricing:Currency", " ")]
    [InlineData("DaprSidecar:ProbeTimeout", "00:01:00")]
    [InlineData("Tasks:EventPollInterval", "00:00:00")]
    [InlineData("Kafka:EnqueueTimeout", "00:00:00")]
    [InlineData("Agents:MaxTurns", "0")]
    public void The_api_refuses_to_start(string setting, string value)
    {
        using var api = new ApiFactory();
        api.Settings[setting] = value;

        AssertFailsNaming(api, setting);
    }

    [Theory]
    [InlineData("Tasks:MaxConcurrency", "0")]
    [InlineData("Kafka:FetchWaitMaxMs", "-1")]
    [InlineData("Guardrails:MaxMessages", "0")]
    [InlineData("Agents:MaxTurns", "51")]
    public void The_worker_refuses_to_start(string setting, string value)
    {
        using var worker = new WorkerFactory("127.0.0.1:9", Loopback.ClosedPortUrl());
        worker.Settings[setting] = value;

        AssertFailsNaming(worker, setting);
    }

    [Theory]
    [InlineData("Conversations:MaxHistoryTokens", "0")]
    [InlineData("Tasks:Retention:RetryPeriod", "00:00:00")]
    public void The_actors_service_refuses_to_start(string setting, string value)
    {
        using var actors = new ActorsFactory(Loopback.ClosedPortUrl(), TimeProvider.System);
        actors.Settings[setting] = value;

        AssertFailsNaming(actors, setting);
    }

    private static void AssertFailsNaming<T>(WebApplicationFactory<T> factory, string setting) where T : class
    {
        var logs = new CapturingLoggerProvider();
        using var logged = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));

        var error = Assert.ThrowsAny<Exception>(() => logged.Services);

        // The host's own "failed to start" record names the setting, as an operator reads it. (The test factory sometimes
        // surfaces its disposed service provider instead of the validation error: a race in the factory, not the app.)
        var failure = logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.AllText).Append(error.ToString());
        Assert.True(failure.Any(f => f.Contains(setting, StringComparison.Ordinal)),
            $"expected a failure naming {setting}, got:\n{string.Join("\n", failure)}");
    }
}
