using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AgentApp.Tests.Tasks;
using Xunit.Abstractions;

namespace AgentApp.Tests.Security;

/// <summary>
/// Fuzzing from the api's own OpenAPI document: for every operation, a body built from its request schema, then seeded
/// mutations of it (each field missing, of the wrong type, a huge or negative number, a long or invalid-UTF-8 string, deep
/// nesting, a truncated or non-JSON body) and of its path parameters. The api runs with its real dependencies (actors
/// over the fake sidecar, the offline model). No answer may be a 5xx, and none may take 5 s.
/// </summary>
public sealed class OpenApiFuzzTests(TaskEndpointFixture fixture, ITestOutputHelper output) : IClassFixture<TaskEndpointFixture>
{
    private const int Seed = 16;
    private static readonly TimeSpan s_slowest = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Mutated_requests_to_every_operation_get_no_5xx_and_no_answer_slower_than_5_s()
    {
        using var client = fixture.Api.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var random = new Random(Seed);
        var failures = new List<string>();
        var statuses = new Dictionary<string, int>();
        var sent = 0;

        var operations = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where s_methods.Contains(operation.Key)
            select (Path: path.Key, Method: operation.Key,
                Schema: Resolve(document, operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"]))).ToList();

        // Each operation's first request, untimed: a cold start (JIT, the first actor activation) is not what this measures.
        foreach (var (path, method, schema) in operations)
        {
            foreach (var (url, body) in Cases(document, path, method, schema, new Random(Seed)).Take(1))
            {
                await SendAsync(client, method, url, body, TimeSpan.FromMinutes(1));
            }
        }

        foreach (var (path, method, schema) in operations)
        {
            foreach (var (url, body) in Cases(document, path, method, schema, random))
            {
                sent++;
                var (status, failure) = await SendAsync(client, method, url, body, s_slowest);
                var key = $"{method.ToUpperInvariant()} {path} {status}";
                statuses[key] = statuses.GetValueOrDefault(key) + 1;
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        output.WriteLine(string.Join('\n', statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(sent > 500, $"only {sent} requests were generated: the document lost its operations?");
        // The generated requests reach the endpoints' logic: the valid ones are answered, not only refused.
        Assert.Contains("POST /v1/chat 200", statuses.Keys);
        Assert.Contains("POST /v1/chat/completions 200", statuses.Keys);
        Assert.Contains("POST /v1/tasks 202", statuses.Keys);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n{string.Join('\n', failures.Take(20))}");
    }

    private static readonly HashSet<string> s_methods = ["get", "post", "put", "patch", "delete"];

    private static async Task<(int Status, string? Failure)> SendAsync(HttpClient client, string method, string url, byte[]? body, TimeSpan limit)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(limit);
        var shown = body is null ? "" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (status, status >= 500 || clock.Elapsed >= limit
                ? $"{method.ToUpperInvariant()} {url} {shown} -> {status} in {clock.Elapsed.TotalSeconds:F1} s: {await response.Content.ReadAsStringAsync()}"
                : null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (0, $"{method.ToUpperInvariant()} {url} {shown} -> no answer in {limit.TotalSeconds} s");
        }
    }

    // The cases for one operation: a valid request, then mutations of its body and of its path parameters.
    private static IEnumerable<(string Url, byte[]? Body)> Cases(JsonNode document, string path, string method, JsonNode? schema, Random random)
    {
        var url = FillPath(path, _ => "fuzz-1");
        if (schema is null)
        {
            yield return (url, null);
        }
        else
        {
            // The body built from the schema (every field), and a known-good one where the schema cannot say what is valid.
            foreach (var valid in (JsonNode?[])[Sample(document, schema, depth: 0), s_validBodies.GetValueOrDefault(path)?.DeepClone()])
            {
                if (valid is null)
                {
                    continue;
                }

                yield return (url, Utf8(valid));
                foreach (var mutated in BodyMutations(valid, random))
                {
                    yield return (url, mutated);
                }
            }
        }

        foreach (var segment in s_pathValues)
        {
            yield return (FillPath(path, _ => Uri.EscapeDataString(segment(random))), schema is null ? null : Utf8(Sample(document, schema, 0)));
        }
    }

    private static IEnumerable<byte[]> BodyMutations(JsonNode valid, Random random)
    {
        yield return [];
        yield return "not json"u8.ToArray();
        yield return "null"u8.ToArray();
        yield return "[]"u8.ToArray();
        var text = Utf8(valid);
        yield return text[..(text.Length / 2)];
        yield return Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)); // deeper than JSON readers allow

        if (valid is not JsonObject fields)
        {
            yield break;
        }

        foreach (var name in fields.Select(f => f.Key).ToList())
        {
            var without = fields.DeepClone().AsObject();
            without.Remove(name);
            yield return Utf8(without);
        }

        // Every value, at any depth (a message's content, a tool's name), replaced in turn by each odd value, and by bytes
        // that are not UTF-8.
        var leaves = Leaves(valid).Count();
        for (var leaf = 0; leaf < leaves; leaf++)
        {
            foreach (var replacement in s_values)
            {
                yield return Utf8(WithLeaf(valid, leaf, replacement(random)));
            }

            yield return Replace(Utf8(WithLeaf(valid, leaf, "MARK")), "MARK"u8, [0x61, 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80]);
        }
    }

    private static JsonNode WithLeaf(JsonNode root, int index, JsonNode? value)
    {
        var copy = root.DeepClone();
        var leaf = Leaves(copy).ElementAt(index);
        if (leaf.Parent is JsonObject parent)
        {
            parent[leaf.GetPropertyName()] = value;
        }
        else if (leaf.Parent is JsonArray array)
        {
            array[leaf.GetElementIndex()] = value;
        }

        return copy;
    }

    private static IEnumerable<JsonNode> Leaves(JsonNode node) => node switch
    {
        JsonObject fields => fields.SelectMany(f => f.Value is null ? [] : Leaves(f.Value)),
        JsonArray items => items.SelectMany(i => i is null ? [] : Leaves(i)),
        _ => [node],
    };

    // Bodies the endpoint accepts where a schema-built one is refused (a role must be one of the known roles; a task's mode
    // and agents must name a known mode and configured agents).
    private static readonly Dictionary<string, JsonNode> s_validBodies = new()
    {
        ["/v1/chat/completions"] = JsonNode.Parse("""
            {"model":"any","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"what is 2 + 2?"}],
             "max_tokens":64,"temperature":0.5,"top_p":1,"n":1,"stream":false}
            """)!,
        ["/v1/tasks"] = JsonNode.Parse("""{"goal":"summarise the release notes","idempotencyKey":"fuzz-known-good"}""")!,
    };

    // Replacement values for one field: wrong types, edge numbers, long and odd strings, deep nesting.
    private static readonly Func<Random, JsonNode?>[] s_values =
    [
        _ => null,
        _ => true,
        _ => 0,
        _ => -1,
        _ => long.MaxValue,
        _ => JsonNode.Parse("1e308"),
        _ => JsonNode.Parse("-1e308"),
        _ => JsonNode.Parse("123456789012345678901234567890"),
        _ => 0.5,
        _ => "",
        _ => "   ",
        r => new string((char)('a' + r.Next(26)), 64 * 1024),
        r => string.Concat(Enumerable.Range(0, 2000).Select(_ => "\u202E\u0000😀é"[r.Next(5)..][..1])),
        _ => new JsonArray(),
        _ => new JsonArray("a", 1, null),
        _ => new JsonObject { ["a"] = 1 },
        _ => Nest(40),
    ];

    private static readonly Func<Random, string>[] s_pathValues =
    [
        _ => new string('a', 2000),
        _ => "../../etc/passwd",
        _ => "a b",
        _ => "\u0001\u007F", // (a NUL is refused by the in-memory test server itself, as by Kestrel)
        _ => "😀",
        _ => "-1",
        r => r.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    // A request body from a schema: every property, with a plausible value of its type.
    private static JsonNode Sample(JsonNode document, JsonNode schema, int depth)
    {
        schema = Resolve(document, schema)!;
        var type = TypeOf(schema);
        return type switch
        {
            "object" when depth < 6 => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Sample(document, p.Value!, depth + 1)))),
            "object" => new JsonObject(),
            "array" when depth < 6 && schema["items"] is { } items => new JsonArray(Sample(document, items, depth + 1)),
            "array" => new JsonArray(),
            "integer" => 1,
            "number" => 0.5,
            "boolean" => true,
            _ => schema["enum"]?.AsArray().FirstOrDefault()?.DeepClone() ?? "fuzz-1",
        };
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var hops = 0; schema?["$ref"] is JsonValue reference && hops < 10; hops++)
        {
            schema = reference.GetValue<string>().TrimStart('#', '/').Split('/').Aggregate((JsonNode?)document, (node, part) => node?[part]);
        }

        // nullable references: { "oneOf"/"anyOf": [ { "$ref" }, { "type": "null" } ] }
        var alternatives = schema?["oneOf"] ?? schema?["anyOf"];
        return alternatives is JsonArray options && options.FirstOrDefault(o => o?["type"]?.ToString() != "null") is { } first
            ? Resolve(document, first)
            : schema;
    }

    private static string FillPath(string path, Func<string, string> value)
    {
        var url = new StringBuilder();
        foreach (var part in path.Split('/'))
        {
            url.Append(part.StartsWith('{') ? value(part) : part).Append('/');
        }

        return url.ToString().TrimEnd('/');
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null");

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> mark, byte[] with)
    {
        var at = bytes.AsSpan().IndexOf(mark);
        return at < 0 ? bytes : [.. bytes[..at], .. with, .. bytes[(at + mark.Length)..]];
    }
}
