using System.Text;
using AgentApp.Agent.Guardrails;
using AgentApp.Agent.Offline;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Security;

/// <summary>
/// Every code path that runs on request text, fed inputs built to make regular expressions and parsers do the most work
/// (long runs of spaces, repeated near-matches, nested groups) up to the api's body limit: each call must finish within
/// <see cref="Bound"/> of CPU. The inputs are generated from a fixed seed, so a failure reproduces.
/// </summary>
public sealed class AdversarialInputTests
{
    /// <summary>The api's request body limit (Agent:MaxRequestBodyBytes): no message can be longer.</summary>
    private const int BodyLimit = 256 * 1024;

    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(100);

    /// <summary>Adversarial texts by name, each at a few lengths up to the body limit.</summary>
    public static TheoryData<string, int> Inputs()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in s_generators.Keys)
        {
            foreach (var length in (int[])[512, 2048, 32 * 1024, BodyLimit])
            {
                data.Add(name, length);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<Random, string>> s_generators = new()
    {
        ["spaces"] = _ => " ",
        ["send-mail-near-miss"] = _ => "send mail to a@b ",
        ["send-then-spaces"] = _ => "send email        ",
        ["email-local-parts"] = r => new string((char)('a' + r.Next(26)), 40) + ".",
        ["ats"] = _ => "a@",
        ["digits-and-spaces"] = r => $"{r.Next(10)} ",
        ["phone-near-miss"] = _ => "+1 (23) ",
        ["arithmetic-near-miss"] = _ => "1 + ( ",
        ["ignore-instructions-near-miss"] = _ => "ignore all the previous, ",
        ["reveal-near-miss"] = _ => "reveal the hidden system ",
        ["role-near-miss"] = _ => "you are now pretend to be ",
        ["turn-markers"] = _ => "<|im_start <<SYS [INST ",
        ["private-key-begins"] = _ => "-----BEGIN A B C ",
        ["jwt-near-miss"] = _ => "eyJhbGciOi.eyJ",
        ["token-run"] = r => r.Next(2) == 0 ? "Ab3" : "xY9",
        ["provider-key-near-miss"] = _ => "sk-proj-",
        ["nested-groups"] = _ => "((((((((((1",
        ["unicode"] = _ => "é ẞ 😀 ",
        ["iban-near-miss"] = _ => "DE89 3704 ",
    };

    private static string Build(string name, int length)
    {
        var random = new Random(HashCode.Combine(name.Length, length, 16));
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(s_generators[name](random));
        }

        return text.ToString(0, length);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_offline_models_intent_matching_is_bounded(string input, int length) =>
        AssertBounded(input, length, text => OfflineIntents.Detect(text));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_prompt_injection_guardrail_is_bounded(string input, int length) =>
        AssertBounded(input, length, text => PromptInjectionHeuristics.Match(text));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Telemetry_redaction_is_bounded(string input, int length) =>
        AssertBounded(input, length, text => new PiiTextRedactor().Redact(text));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_secret_filter_is_bounded_whole_and_streamed(string input, int length)
    {
        AssertBounded(input, length, text => SecretPatterns.Redact(text, new HashSet<string>()));
        AssertBounded(input, length, text =>
        {
            var filter = new StreamingSecretFilter(0, 16 * 1024);
            for (var i = 0; i < text.Length; i += 64)
            {
                filter.Push(text.Substring(i, Math.Min(64, text.Length - i)));
            }

            filter.Flush();
        });
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_calculator_is_bounded(string input, int length) =>
        AssertBounded(input, length, text => ArithmeticExpression.TryEvaluate(text, out _, out _));

    private static void AssertBounded(string input, int length, Action<string> path)
    {
        var text = Build(input, length);
        path(text[..64]);   // JIT and regex construction are not the request's work
        var spent = ThreadCpuTime.Of(() => path(text));
        Assert.True(spent < Bound, $"{input} x{length}: {spent.TotalMilliseconds:F1} ms of CPU");
    }
}
