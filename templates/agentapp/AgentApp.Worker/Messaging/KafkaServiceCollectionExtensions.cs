using AgentApp.Messaging;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Messaging;

/// <summary>Registers Kafka options, clients and the broker health check.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="KafkaOptions"/> at start-up and adds a readiness check on the brokers.</summary>
    public static IHostApplicationBuilder AddKafka(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<KafkaOptions>(KafkaOptions.Section)
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers);

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            return new AdminClientBuilder(AdminConfigFor(options)).Build();
        });
        builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka");
        return builder;
    }

    /// <summary>The admin client's configuration (health check, lag): the broker address and security from <paramref name="options"/>.</summary>
    public static AdminClientConfig AdminConfigFor(KafkaOptions options) =>
        new AdminClientConfig { BootstrapServers = options.BootstrapServers }.WithSecurity(options.Security);
}
