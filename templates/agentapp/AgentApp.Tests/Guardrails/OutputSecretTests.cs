using AgentApp.Agent.Guardrails;
using Microsoft.Extensions.AI;

namespace AgentApp.Tests.Guardrails;

/// <summary>Secrets kept out of replies, whole or streamed in pieces split anywhere.</summary>
public sealed class OutputSecretTests
{
    // Shapes only: none of these is a real credential.
    public const string AppApiKey = "Zq4mT9vR2xL7pK1nB8cW3yH6dF5gJ0sA";
    public const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1oZXJl";
    public const string ProviderKey = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    public const string PrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END RSA PRIVATE KEY-----";

    public static TheoryData<string, string> Secrets() => new()
    {
        { AppApiKey, "api-key" },
        { Jwt, "jwt" },
        { ProviderKey, "provider-key" },
        { PrivateKey, "private-key" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task A_reply_carrying_a_secret_is_redacted_with_a_warning_a_metric_and_an_audit_event(string secret, string kind)
    {
        using var harness = new GuardrailHarness(new ScriptedModel($"Your key is {secret} - keep it safe."));

        var response = await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "what is my key?")]);

        Assert.Equal($"Your key is [redacted:{kind}] - keep it safe.", response.Text);
        Assert.Contains(kind, Assert.Single(GuardrailWarnings.From(response.AdditionalProperties)));
        Assert.Equal(1, harness.Count(GuardrailRules.OutputSecret, GuardrailOutcomes.Redact));
        Assert.Contains(harness.AuditEvents, e => e.Message.Contains($"output_secret redact {kind}"));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.AllText.Contains(secret[..20], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("The build id is 20261126120145 and the hash is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.")]
    [InlineData("Call me at 12:30; the answer is 42; see https://example.com/docs/getting-started.")]
    [InlineData("AllLettersNoDigitsButVeryLongIndeedYesReally is a word.")]
    public async Task Ordinary_replies_with_long_numbers_hashes_and_words_are_left_alone(string reply)
    {
        using var harness = new GuardrailHarness(new ScriptedModel(reply));

        var response = await harness.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal(reply, response.Text);
        Assert.Equal(1, harness.Count(GuardrailRules.OutputSecret, GuardrailOutcomes.Pass));
    }

    public static IEnumerable<object[]> SplitSecrets()
    {
        foreach (var (secret, kind) in new[] { (AppApiKey, "api-key"), (Jwt, "jwt"), (PrivateKey, "private-key") })
        {
            // Every split point of the secret, in two and in three pieces.
            for (var i = 1; i < secret.Length; i += 3)
            {
                yield return [kind, new[] { "Here: " + secret[..i], secret[i..] + " done." }];
                var j = Math.Min(secret.Length - 1, i + 7);
                yield return [kind, new[] { "Here: " + secret[..i], secret[i..j], secret[j..] + " done." }];
            }
        }
    }

    [Theory]
    [MemberData(nameof(SplitSecrets))]
    public async Task A_secret_split_across_streamed_updates_is_caught_and_no_piece_of_it_is_sent(string kind, string[] pieces)
    {
        var secret = string.Concat(pieces)["Here: ".Length..^" done.".Length];
        using var harness = new GuardrailHarness(new ScriptedModel(pieces));

        var updates = await harness.StreamAsync("go");

        Assert.Equal($"Here: [redacted:{kind}] done.", string.Concat(updates.Select(u => u.Text)));
        // No update carries any 6-character piece of the secret.
        foreach (var text in updates.Select(u => u.Text).Where(t => t.Length >= 6))
        {
            for (var k = 0; k + 6 <= secret.Length; k++)
            {
                Assert.DoesNotContain(secret.Substring(k, 6), text, StringComparison.Ordinal);
            }
        }

        Assert.Contains(kind, Assert.Single(updates.SelectMany(u => GuardrailWarnings.From(u.AdditionalProperties))));
        Assert.Equal(1, harness.Count(GuardrailRules.OutputSecret, GuardrailOutcomes.Redact));
    }

    [Fact]
    public async Task A_stream_without_secrets_is_sent_in_several_updates_not_held_to_the_end()
    {
        string[] pieces = ["The quick ", "brown fox ", "jumps over ", "the lazy ", "dog, ", "and the ", "stream goes on ", "for a while ", "longer."];
        using var harness = new GuardrailHarness(new ScriptedModel(pieces));

        var updates = await harness.StreamAsync("go");

        Assert.Equal(string.Concat(pieces), string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 4, $"{updates.Count(u => u.Text.Length > 0)} text updates");
        Assert.Empty(updates.SelectMany(u => GuardrailWarnings.From(u.AdditionalProperties)));
        Assert.Equal(1, harness.Count(GuardrailRules.OutputSecret, GuardrailOutcomes.Pass));
    }

    [Fact]
    public async Task A_word_held_back_is_checked_and_sent_before_a_model_failure_is_rethrown()
    {
        using var harness = new GuardrailHarness(new FailingAfter("Partial answer with key " + AppApiKey));
        var texts = new List<string>();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var update in harness.Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")]))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal("provider exploded", failure.Message);
        Assert.Equal("Partial answer with key [redacted:api-key]", string.Concat(texts));
    }

    [Fact]
    public async Task A_larger_tail_window_holds_at_least_that_many_characters()
    {
        using var harness = new GuardrailHarness(new ScriptedModel("one two three ", "four five six ", "seven."), ("Guardrails:StreamingTailCharacters", "12"));

        var texts = (await harness.StreamAsync("go")).Select(u => u.Text).Where(t => t.Length > 0).ToList();

        // After the first update nothing goes (12 back from its end is inside "one"); after the second, 12 back is inside
        // "four", so the text before it goes; after the third, 12 back is inside "five"; the end sends the rest.
        Assert.Equal(["one two three ", "four ", "five six seven."], texts);
    }

    /// <summary>Streams its text, then fails.</summary>
    private sealed class FailingAfter(string text) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
            await Task.Yield();
            throw new HttpRequestException("provider exploded");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Redaction_can_be_switched_off()
    {
        using var harness = new GuardrailHarness(new ScriptedModel("k: ", AppApiKey), ("Guardrails:RedactSecrets", "false"));

        var updates = await harness.StreamAsync("go");

        Assert.Equal("k: " + AppApiKey, string.Concat(updates.Select(u => u.Text)));
    }
}
