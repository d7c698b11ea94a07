using AgentApp.Agent.Tools;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentApp.Bench;

/// <summary>
/// One tool call as the agent makes it: the model asks for <c>calculate</c>, <c>FunctionInvokingChatClient</c> binds the
/// JSON arguments, invokes the <c>AIFunction</c> and hands the result back for the model's answer — beside calling the
/// tool method directly with the same expression (the floor).
/// </summary>
[MemoryDiagnoser]
public class ToolDispatchBenchmarks
{
    private const string Expression = "12 * (3 + 4)";
    private AgentTools _tools = null!;
    private IChatClient _agent = null!;
    private ChatOptions _options = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tools = new AgentTools(TimeProvider.System, KnowledgeBase.LoadEmbedded(), new EmailOutbox(TimeProvider.System, NullLogger<EmailOutbox>.Instance));
        _agent = new ChatClientBuilder(new ScriptedToolModel()).UseFunctionInvocation().Build();
        _options = new ChatOptions { Tools = _tools.All };
        _messages = [new ChatMessage(ChatRole.User, "what is " + Expression)];
    }

    /// <summary>Through the function-invocation middleware: a model turn asking for the tool, the call, the answering turn.</summary>
    [Benchmark]
    public async Task<string> FunctionInvocation() => (await _agent.GetResponseAsync(_messages, _options)).Text;

    /// <summary>The floor: the tool's method.</summary>
    [Benchmark(Baseline = true)]
    public string DirectCall() => _tools.Calculate(Expression);

    /// <summary>Asks for the tool once, then answers with its result: no model cost, only dispatch.</summary>
    private sealed class ScriptedToolModel : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            var last = messages.Last();
            return Task.FromResult(last.Role == ChatRole.Tool
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, last.Contents.OfType<FunctionResultContent>().Single().Result?.ToString()))
                : new ChatResponse(new ChatMessage(ChatRole.Assistant,
                    [new FunctionCallContent("call_1", ToolNames.Calculate, new Dictionary<string, object?> { ["expression"] = Expression })])));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
