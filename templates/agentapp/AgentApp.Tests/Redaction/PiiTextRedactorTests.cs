using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Redaction;

/// <summary>The free-text redactor's shapes: what it must catch and what it must leave readable.</summary>
public sealed class PiiTextRedactorTests
{
    private readonly PiiTextRedactor _redactor = new();

    [Theory]
    [InlineData("mail alice@example.com now", "mail [redacted:email] now")]
    [InlineData("to: Bob.Smith+tag@mail.example.co.uk.", "to: [redacted:email].")]
    [InlineData("{\"text\":\"alice\\u0040example.com\"}", "{\"text\":\"[redacted:email]\"}")]
    [InlineData("GET /v1/x?email=alice%40example.com&card=4111%201111%201111%201111", "GET /v1/x?email=[redacted:email]&card=[redacted:card]")]
    [InlineData("card 4111 1111 1111 1111 ok", "card [redacted:card] ok")]
    [InlineData("card 4111111111111111", "card [redacted:card]")]
    [InlineData("card 4111-1111-1111-1111", "card [redacted:card]")]
    [InlineData("amex 3782 822463 10005", "amex [redacted:card]")]
    [InlineData("ssn 123-45-6789.", "ssn [redacted:national-id].")]
    [InlineData("NI AB 12 34 56 C", "NI [redacted:national-id]")]
    [InlineData("call +44 20 7946 0958 today", "call [redacted:phone] today")]
    [InlineData("call +14155550123", "call [redacted:phone]")]
    [InlineData("call (415) 555-0123", "call [redacted:phone]")]
    [InlineData("call 415-555-0123", "call [redacted:phone]")]
    // Beside ids, ports and addresses (which the pre-check skips without a regular expression), a shape is still caught.
    [InlineData("task t0123456789abcdef0123456789abcdef ssn 123-45-6789", "task t0123456789abcdef0123456789abcdef ssn [redacted:national-id]")]
    [InlineData("PUT http://127.0.0.1:41235/v1.0/actors/TaskActor/t0123456789abcdef0123456789abcdef/method/x call +44 20 7946 0958",
        "PUT http://127.0.0.1:41235/v1.0/actors/TaskActor/t0123456789abcdef0123456789abcdef/method/x call [redacted:phone]")]
    [InlineData("NI AB123456C for user_42", "NI [redacted:national-id] for user_42")]
    [InlineData("pay DE89 3704 0044 0532 0130 00 now", "pay [redacted:iban] now")]
    [InlineData("iban GB82WEST12345698765432.", "iban [redacted:iban].")]
    [InlineData("Passport no. C01X00T47 expires", "[redacted:passport] expires")]
    [InlineData("passport: 123456789", "[redacted:passport]")]
    [InlineData("key sk-proj-abcdefghijklmnopqrstuvwxyz0123", "key [redacted:secret]")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE", "aws [redacted:secret]")]
    [InlineData("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gh [redacted:secret]")]
    [InlineData("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl", "jwt [redacted:secret]")]
    [InlineData("Authorization: Bearer abcdefghijklmnop0123456789", "Authorization: [redacted:secret]")]
    [InlineData("GET http://gw/v1/chat?api_key=k3y-0123456789abcdef&x=1", "GET http://gw/v1/chat?api_key=[redacted]&x=1")]
    [InlineData("/cb?code=abc123&state=xyz&access_token=tok", "/cb?code=[redacted]&state=xyz&access_token=[redacted]")]
    public void Catches_each_shape(string text, string expected) => Assert.Equal(expected, _redactor.Redact(text));

    [Theory]
    [InlineData("Now listening on: http://127.0.0.1:5000")]
    [InlineData("trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7")]
    [InlineData("took 1234.5678 ms at 2026-11-26T12:01:47.1234567Z")]
    [InlineData("ticks 638712345678901234 id 3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("version 10.0.100 build 20261126")]
    [InlineData("card-like 4111 1111 1111 1112 fails Luhn")]
    [InlineData("offset 1234567 of partition 3")]
    [InlineData("PUT http://127.0.0.1:41235/v1.0/actors/TaskActor/t0123456789abcdef0123456789abcdef/method/StartAsync")]
    public void Leaves_ids_times_versions_and_addresses_alone(string text) => Assert.Equal(text, _redactor.Redact(text));

    [Fact]
    public void The_span_processor_redacts_attributes_event_attributes_status_and_name()
    {
        using var activity = new Activity("lookup alice@example.com").Start();
        activity.SetTag("gen_ai.input.messages", "[{\"content\":\"card 4111 1111 1111 1111\"}]");
        activity.SetTag("http.response.status_code", 200);
        activity.AddException(new InvalidOperationException("bad input alice@example.com"));
        activity.SetStatus(ActivityStatusCode.Error, "failed for alice@example.com");
        activity.Stop();

        new RedactingActivityProcessor(_redactor).OnEnd(activity);

        Assert.Equal("[{\"content\":\"card [redacted:card]\"}]", activity.GetTagItem("gen_ai.input.messages"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        var exception = Assert.Single(activity.Events);
        Assert.Equal("bad input [redacted:email]", exception.Tags.Single(t => t.Key == "exception.message").Value);
        Assert.DoesNotContain("alice@example.com", string.Join(" ", exception.Tags.Select(t => t.Value)));
        Assert.Equal("failed for [redacted:email]", activity.StatusDescription);
        Assert.Equal("lookup [redacted:email]", activity.DisplayName);
    }
}
