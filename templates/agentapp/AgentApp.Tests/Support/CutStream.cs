using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace AgentApp.Tests.Support;

/// <summary>What both OpenAI clients must do with a stream whose model fails after its first token.</summary>
public static class CutStream
{
    /// <summary>
    /// Streams one chat with the official SDK (<paramref name="sdk"/>) and with Microsoft.Extensions.AI's client over it:
    /// each gets the first token (<paramref name="firstToken"/>), then its read fails. Not an error status: the stream had
    /// begun. So no client mistakes the cut-off answer for a whole one.
    /// </summary>
    public static async Task AssertBothClientsRaiseAfterAsync(ChatClient sdk, string firstToken)
    {
        using var meai = sdk.AsIChatClient();
        var sdkText = new List<string>();
        var meaiText = new List<string>();

        var sdkError = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("hello")]))
            {
                sdkText.AddRange(update.ContentUpdate.Select(p => p.Text));
            }
        });
        var meaiError = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in meai.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "hello")]))
            {
                meaiText.Add(update.Text);
            }
        });

        foreach (var error in new[] { sdkError, meaiError })
        {
            Assert.NotNull(error);
            Assert.False(error is ClientResultException { Status: > 0 }, $"expected a failed read, got {error}");
        }

        Assert.Equal(firstToken, string.Concat(sdkText));
        Assert.Equal(firstToken, string.Concat(meaiText));
    }
}
