using AgentApp.Messaging;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ApiTasks = AgentApp.Api.Tasks.TaskServiceCollectionExtensions;
using WorkerConsumer = AgentApp.Worker.Tasks.AgentTaskConsumer;
using WorkerKafka = AgentApp.Worker.Messaging.KafkaServiceCollectionExtensions;
using WorkerKafkaOptions = AgentApp.Worker.Messaging.KafkaOptions;
using WorkerProducer = AgentApp.Worker.Messaging.TaskEventProducer;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// Every Kafka client of the api and the worker is built from configuration (<c>Kafka:Security</c>, filled from
/// the credentials Secret in Kubernetes): the librdkafka configuration each one gets carries SASL_SSL, the mechanism,
/// the credentials and the CA. No broker is needed; librdkafka also accepts each configuration when a client is built.
/// </summary>
public sealed class KafkaSecurityConfigurationTests
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static readonly Dictionary<string, string?> s_saslSsl = new()
    {
        ["ConnectionStrings:kafka"] = "broker-1.example.com:9093",
        ["Kafka:Security:Protocol"] = "SaslSsl",
        ["Kafka:Security:SaslMechanism"] = "ScramSha512",
        ["Kafka:Security:Username"] = "agents",
        ["Kafka:Security:Password"] = "s3cret",
        ["Kafka:Security:CaPem"] = CaPem,
    };

    [Fact]
    public void The_api_producer_uses_SASL_SSL_from_configuration()
    {
        using var host = Host(s_saslSsl, b => ApiTasks.AddAgentTasks(b));

        AssertSaslSsl(KafkaTaskQueue.ProducerConfigFor(host.Services.GetRequiredService<IOptions<TaskQueueOptions>>().Value));
    }

    [Fact]
    public void The_worker_consumer_producer_and_admin_client_use_SASL_SSL_from_configuration()
    {
        using var host = Host(s_saslSsl, b => WorkerKafka.AddKafka(b));
        var options = host.Services.GetRequiredService<IOptions<WorkerKafkaOptions>>().Value;

        AssertSaslSsl(WorkerConsumer.ConsumerConfigFor(options));
        AssertSaslSsl(WorkerProducer.ProducerConfigFor(options));
        AssertSaslSsl(WorkerKafka.AdminConfigFor(options));
    }

    [Fact]
    public void One_tasks_topic_setting_reaches_the_api_producer_and_the_worker_consumer()
    {
        Dictionary<string, string?> settings = new() { ["ConnectionStrings:kafka"] = "127.0.0.1:9092", ["Kafka:TasksTopic"] = "team-a.tasks" };
        using var api = Host(settings, b => ApiTasks.AddAgentTasks(b));
        using var worker = Host(settings, b => WorkerKafka.AddKafka(b));

        Assert.Equal("team-a.tasks", api.Services.GetRequiredService<IOptions<TaskQueueOptions>>().Value.TasksTopic);
        Assert.Equal("team-a.tasks", worker.Services.GetRequiredService<IOptions<WorkerKafkaOptions>>().Value.TasksTopic);
    }

    [Fact]
    public void Without_security_settings_the_clients_stay_plaintext()
    {
        using var host = Host(new() { ["ConnectionStrings:kafka"] = "127.0.0.1:9092" }, b => WorkerKafka.AddKafka(b));

        var config = WorkerConsumer.ConsumerConfigFor(host.Services.GetRequiredService<IOptions<WorkerKafkaOptions>>().Value);

        Assert.DoesNotContain(config, c => c.Key.StartsWith("sasl.", StringComparison.Ordinal) || c.Key == "security.protocol");
    }

    [Fact]
    public void SASL_without_credentials_fails_naming_the_setting()
    {
        var security = new KafkaSecurityOptions { Protocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.Plain, Username = "$ConnectionString" };

        var error = Assert.Throws<InvalidOperationException>(() => security.ApplyTo(new ProducerConfig()));

        Assert.Contains("Kafka:Security:Password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void librdkafka_accepts_the_SASL_SSL_configuration()
    {
        using var host = Host(new(s_saslSsl) { ["Kafka:Security:CaPem"] = null }, b => WorkerKafka.AddKafka(b));
        var options = host.Services.GetRequiredService<IOptions<WorkerKafkaOptions>>().Value;

        // Building validates every property (an unknown mechanism or protocol throws); nothing connects until used.
        using var producer = new ProducerBuilder<string, string>(WorkerProducer.ProducerConfigFor(options)).Build();

        Assert.NotNull(producer.Name);
    }

    private static void AssertSaslSsl(ClientConfig config)
    {
        var values = config.ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal("broker-1.example.com:9093", values["bootstrap.servers"]);
        Assert.Equal("sasl_ssl", values["security.protocol"], ignoreCase: true);
        Assert.Equal("SCRAM-SHA-512", values["sasl.mechanism"], ignoreCase: true);
        Assert.Equal("agents", values["sasl.username"]);
        Assert.Equal("s3cret", values["sasl.password"]);
        Assert.Equal(CaPem, values["ssl.ca.pem"]);
    }

    private static IHost Host(Dictionary<string, string?> settings, Action<HostApplicationBuilder> register)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder);
        return builder.Build();
    }
}
