using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AgentApp.Worker.Messaging;

/// <summary>Registers Kafka options, clients and the broker health check.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="KafkaOptions"/> at start-up and adds a readiness check on the brokers.</summary>
    public static IHostApplicationBuilder AddKafka(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KafkaOptions>()
            .Bind(builder.Configuration.GetSection(KafkaOptions.SectionName))
            .Configure(o => o.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? o.BootstrapServers)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KafkaOptions>>().Value;
            return new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build();
        });
        builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka");
        return builder;
    }
}
