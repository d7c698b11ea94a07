using System.Net;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// The edge's half of separation of duties: deciding on a task's approval needs <c>tasks:approve</c>, which neither
/// grants nor is granted by <c>tasks</c>; the scopes reach the api, which refuses self-approval (Tasks/TaskApprovalDutiesTests).
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class ApprovalScopeMatrixTests(EdgeFixture fixture) : IDisposable
{
    private const string SubmitterKey = "submit-key-0123456789abcdef", ApproverKey = "approve-key-0123456789abcdef", BothKey = "both-key-0123456789abcdef";
    private static readonly string s_task = "t" + new string('a', 32);
    private readonly string _tenant = EdgeFixture.NewTenant("duties");
    private GatewayInstance? _gateway;

    private GatewayInstance Gateway => _gateway ??= new GatewayInstance(fixture.Settings(
    [
        .. EdgeFixture.Key("submitter", SubmitterKey, _tenant, ["tasks"]),
        .. EdgeFixture.Key("approver", ApproverKey, _tenant, ["tasks:approve"]),
        .. EdgeFixture.Key("both", BothKey, _tenant, ["tasks", "tasks:approve"]),
    ]));

    public void Dispose() => _gateway?.Dispose();

    [Theory]
    // key, method, path, expected status at the edge
    [InlineData(SubmitterKey, "POST", "/v1/tasks", HttpStatusCode.OK)]
    [InlineData(SubmitterKey, "GET", "/v1/tasks/{task}", HttpStatusCode.OK)]
    [InlineData(SubmitterKey, "POST", "/v1/tasks/{task}/cancel", HttpStatusCode.OK)]
    [InlineData(SubmitterKey, "POST", "/v1/tasks/{task}/approval", HttpStatusCode.Forbidden)]
    [InlineData(ApproverKey, "POST", "/v1/tasks/{task}/approval", HttpStatusCode.OK)]
    [InlineData(ApproverKey, "POST", "/v1/tasks", HttpStatusCode.Forbidden)]
    [InlineData(ApproverKey, "GET", "/v1/tasks/{task}", HttpStatusCode.Forbidden)]
    [InlineData(BothKey, "POST", "/v1/tasks/{task}/approval", HttpStatusCode.OK)]
    public async Task Approving_needs_its_own_scope(string key, string method, string path, HttpStatusCode expected)
    {
        using var client = Gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{task}", s_task, StringComparison.Ordinal));
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-Correlation-Id", $"duties-{Guid.NewGuid():N}");
        if (method == "POST")
        {
            request.Content = new StringContent("{\"approved\":true}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var seen = fixture.Api.Received.Where(r => r.Headers.GetValueOrDefault("X-Correlation-Id") == request.Headers.GetValues("X-Correlation-Id").Single()).ToList();
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Empty(seen);
            var scope = path.EndsWith("/approval", StringComparison.Ordinal) ? "tasks:approve" : "tasks";
            Assert.Contains($"'{scope}' scope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            // The api sees who decided and with which scopes, to refuse self-approval and check the scope again.
            var forwarded = Assert.Single(seen);
            Assert.Equal(_tenant, forwarded.Headers["X-Identity-Tenant"]);
            Assert.Contains(key == ApproverKey ? "tasks:approve" : "tasks", forwarded.Headers["X-Identity-Scopes"].Split(' '));
        }
    }
}
