using System.Net.ServerSentEvents;
using System.Text;
using AgentApp.Api.Chat;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Bench;

/// <summary>
/// Writing one streamed reply (60 delta events) to the response: the api's way (<c>TypedResults.ServerSentEvents</c> over
/// <c>SseItem&lt;object&gt;</c>, each event serialized with the app's JSON options) beside the floor (the same bytes,
/// serialized ahead of time, written straight to the body).
/// </summary>
[MemoryDiagnoser]
public class SseWritingBenchmarks
{
    private const int Deltas = 60;
    private IServiceProvider _services = null!;
    private byte[][] _preformatted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().Configure<JsonOptions>(_ => { }).BuildServiceProvider();
        _preformatted = [.. Enumerable.Range(0, Deltas).Select(i => Encoding.UTF8.GetBytes($"event: delta\ndata: {{\"text\":\"word{i} word word \"}}\n\n"))];
    }

    /// <summary>The api's path.</summary>
    [Benchmark]
    public async Task ApiServerSentEvents()
    {
        var context = NewContext();
        await TypedResults.ServerSentEvents(Items()).ExecuteAsync(context);
    }

    /// <summary>The floor: bytes ready, one write each.</summary>
    [Benchmark(Baseline = true)]
    public async Task PreformattedBytes()
    {
        var context = NewContext();
        context.Response.ContentType = "text/event-stream";
        foreach (var bytes in _preformatted)
        {
            await context.Response.Body.WriteAsync(bytes);
            await context.Response.Body.FlushAsync();
        }
    }

    private DefaultHttpContext NewContext() => new() { RequestServices = _services, Response = { Body = Stream.Null } };

    private static async IAsyncEnumerable<SseItem<object>> Items()
    {
        for (var i = 0; i < Deltas; i++)
        {
            yield return new SseItem<object>(new DeltaEvent($"word{i} word word "), ChatEvents.Delta);
        }

        await Task.CompletedTask;
    }
}
