using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Support;

/// <summary>The task endpoints as tests call them, asserting the status each call must get.</summary>
public static class TaskCalls
{
    /// <summary>Submits a task (202 expected) and returns its id.</summary>
    public static async Task<string> SubmitAsync(HttpClient api, object body)
    {
        using var response = await api.PostAsJsonAsync("/v1/tasks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["taskId"]!.GetValue<string>();
    }

    /// <summary>Decides on a waiting task's approval (202 expected).</summary>
    public static async Task DecideAsync(HttpClient api, string id, object decision, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync($"/v1/tasks/{id}/approval", decision, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"expected 202, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }
}
