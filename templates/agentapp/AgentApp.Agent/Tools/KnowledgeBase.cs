using System.Reflection;
using System.Text;

namespace AgentApp.Agent.Tools;

/// <summary>
/// A small markdown knowledge base bundled with the api (embedded <c>Agent/Tools/Knowledge/*.md</c>), searched by keyword:
/// each <c>## </c> section is an entry, scored by how often the query's words appear in its heading and text.
/// </summary>
public sealed class KnowledgeBase(IReadOnlyList<KnowledgeBase.Entry> entries)
{
    /// <summary>The prefix of the embedded resources' logical names.</summary>
    public const string ResourcePrefix = "knowledge/";

    private const int MaxResults = 2;
    private const int MaxEntryLength = 900;

    private static readonly HashSet<string> s_ignoredWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "are", "was", "what", "whats", "how", "does", "can", "you", "your", "about", "tell", "please",
        "with", "this", "that", "from", "into", "there", "which", "who", "why", "when", "where", "will", "would", "should",
        "look", "lookup", "search", "find", "knowledge", "base", "docs", "documentation", "explain", "say", "says", "use",
    };

    /// <summary>One section of a document.</summary>
    /// <param name="Document">The document's title (its <c># </c> line).</param>
    /// <param name="Heading">The section's heading.</param>
    /// <param name="Text">The section's text.</param>
    public sealed record Entry(string Document, string Heading, string Text);

    /// <summary>All entries, in document order.</summary>
    public IReadOnlyList<Entry> Entries { get; } = entries;

    /// <summary>Loads the markdown files embedded in this assembly.</summary>
    public static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        var entries = new List<Entry>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            entries.AddRange(Parse(reader.ReadToEnd(), Path.GetFileNameWithoutExtension(name)));
        }

        return new KnowledgeBase(entries);
    }

    /// <summary>Splits markdown into entries at its <c>## </c> headings.</summary>
    public static IEnumerable<Entry> Parse(string markdown, string fallbackTitle)
    {
        var title = fallbackTitle;
        string? heading = null;
        var text = new StringBuilder();
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                title = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    yield return new Entry(title, heading, text.ToString().Trim());
                }

                heading = line[3..].Trim();
                text.Clear();
            }
            else if (heading is not null)
            {
                text.AppendLine(line);
            }
        }

        if (heading is not null)
        {
            yield return new Entry(title, heading, text.ToString().Trim());
        }
    }

    /// <summary>The best matching entries as markdown, or a note of what the knowledge base covers.</summary>
    public string Search(string? query)
    {
        var words = Words(query ?? "").Where(w => w.Length >= 3 && !s_ignoredWords.Contains(w))
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w) // "actors" finds "actor" too
            .Distinct().ToList();
        var matches = Entries
            .Select(entry => (entry, score: words.Sum(word => 3 * Count(Words(entry.Heading), word) + Count(Words(entry.Text), word))))
            .Where(m => m.score > 0)
            .OrderByDescending(m => m.score)
            .Take(MaxResults)
            .ToList();
        if (matches.Count == 0)
        {
            return $"Nothing in the knowledge base matches '{query}'. It covers: {string.Join("; ", Entries.Select(e => e.Heading))}.";
        }

        return string.Join("\n\n", matches.Select(m =>
            $"## {m.entry.Heading} ({m.entry.Document})\n{Shorten(m.entry.Text)}"));
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
    }

    // "actor" finds "actors" and "actor's": a word counts when it starts with the query word.
    private static int Count(IEnumerable<string> words, string word) => words.Count(w => w.StartsWith(word, StringComparison.Ordinal));

    private static string Shorten(string text) => text.Length <= MaxEntryLength ? text : text[..MaxEntryLength].TrimEnd() + " …";
}
