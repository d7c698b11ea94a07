using System.Collections.Concurrent;

namespace AgentApp.Web.Conversations;

/// <summary>A conversation the console has seen: its id, a title (the first message) and when it was last used.</summary>
public sealed record ConversationSummary(string Id, string Title, DateTimeOffset LastUsed);

/// <summary>
/// The conversations each person started in this console, newest first, kept in memory (bounded per person). The api keeps
/// the history itself; this only remembers which ids to offer, so a restart of the console forgets the list, not the talk.
/// </summary>
public sealed class ConversationIndex(TimeProvider time)
{
    /// <summary>How many conversations are listed per person.</summary>
    public const int MaxPerPerson = 50;

    private readonly ConcurrentDictionary<string, List<ConversationSummary>> _byPerson = new();

    /// <summary>The person's conversations, newest first.</summary>
    public IReadOnlyList<ConversationSummary> For(string person)
    {
        var list = _byPerson.GetOrAdd(person, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>Records that <paramref name="person"/> used conversation <paramref name="id"/>.</summary>
    public void Touch(string person, string id, string firstMessage)
    {
        var list = _byPerson.GetOrAdd(person, _ => []);
        lock (list)
        {
            var existing = list.FindIndex(c => c.Id == id);
            var title = existing >= 0 ? list[existing].Title : Shorten(firstMessage);
            if (existing >= 0)
            {
                list.RemoveAt(existing);
            }

            list.Insert(0, new ConversationSummary(id, title, time.GetUtcNow()));
            if (list.Count > MaxPerPerson)
            {
                list.RemoveRange(MaxPerPerson, list.Count - MaxPerPerson);
            }
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
