using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentApp.Agent.Tools;

/// <summary>One email the agent sent.</summary>
/// <param name="MessageId">The outbox's id for it.</param>
/// <param name="To">The recipient.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="SentAt">When it was handed over.</param>
public sealed record SentEmail(string MessageId, string To, string Subject, string Body, DateTimeOffset SentAt);

/// <summary>
/// Where <see cref="AgentTools.SendEmail"/> hands emails over: the side effect that makes the tool need a person's approval.
/// This one logs each email and keeps the most recent ones in memory; replace it with your mail service (SMTP, Graph,
/// SendGrid…) by registering your own subclass.
/// </summary>
public class EmailOutbox(TimeProvider time, ILogger<EmailOutbox> logger)
{
    private const int Kept = 100;
    private readonly ConcurrentQueue<SentEmail> _sent = new();

    /// <summary>The most recent emails sent, oldest first.</summary>
    public IReadOnlyCollection<SentEmail> Sent => _sent;

    /// <summary>Sends an email; returns what was sent.</summary>
    public virtual SentEmail Send(string to, string subject, string body)
    {
        var email = new SentEmail($"msg-{Guid.NewGuid():N}", to, subject, body, time.GetUtcNow());
        _sent.Enqueue(email);
        while (_sent.Count > Kept && _sent.TryDequeue(out _))
        {
        }

        logger.LogInformation("Email {MessageId} sent to {To}: {Subject}", email.MessageId, to, subject);
        return email;
    }
}
