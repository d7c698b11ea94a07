using AgentApp.Deploy.Manifest;

namespace AgentApp.Tests.Deploy;

/// <summary>Manifest expressions resolve to in-cluster names and ports, with parameters kept apart as placeholders.</summary>
public sealed class ExpressionResolverTests
{
    private static readonly AspireManifest s_manifest = AspireManifest.Parse("""
        {"resources":{
          "api":{"type":"project.v0","path":"../X.Api/X.Api.csproj","bindings":{
            "http":{"scheme":"http","protocol":"tcp","transport":"http"},
            "https":{"scheme":"https","protocol":"tcp","transport":"http"},
            "grpc":{"scheme":"http","protocol":"tcp","transport":"http2","port":5001,"targetPort":5000}}},
          "db":{"type":"container.v0","image":"redis:8","connectionString":"{db.bindings.tcp.host}:{db.bindings.tcp.port},password={db-password.value}{db-tls.connectionString}",
            "bindings":{"tcp":{"scheme":"redis","protocol":"tcp","transport":"tcp","targetPort":6379}}},
          "db-password":{"type":"parameter.v0","value":"{db-password.inputs.value}","inputs":{"value":{"type":"string","secret":true,"default":{"generate":{"minLength":22}}}}},
          "db-password-uri":{"type":"annotated.string","value":"{db-password.value}","filter":"uri"},
          "db-tls":{"type":"value.v0","connectionString":""},
          "model":{"type":"parameter.v0","value":"{model.inputs.value}","inputs":{"value":{"type":"string","default":{"value":"a b/c"}}}},
          "model-uri":{"type":"annotated.string","value":"{model.value}","filter":"uri"}
        }}
        """);

    private readonly ExpressionResolver _resolver = new(s_manifest);

    [Theory]
    [InlineData("{api.bindings.http.url}", "http://api:8080")]
    [InlineData("{api.bindings.http.targetPort}", "8080")]
    [InlineData("{api.bindings.grpc.url}", "http://api:5001")]
    [InlineData("{api.bindings.grpc.targetPort}", "5000")]
    [InlineData("{db.bindings.tcp.host}:{db.bindings.tcp.port}", "db:6379")]
    [InlineData("{db.bindings.tcp.scheme}://{db.bindings.tcp.host}", "redis://db")]
    [InlineData("{model.value}", "a b/c")]
    [InlineData("x={model-uri.value}", "x=a%20b%2Fc")]
    [InlineData("no expressions at all", "no expressions at all")]
    public void Resolves_to_cluster_names_and_ports(string expression, string expected)
    {
        var value = _resolver.Resolve(expression);

        Assert.Equal(expected, value.Render());
        Assert.False(value.ContainsSecret);
    }

    [Fact]
    public void A_connection_string_keeps_its_secret_parameter_as_a_placeholder_and_drops_empty_values()
    {
        var value = _resolver.Resolve("{db.connectionString}");

        Assert.Equal("db:6379,password=REPLACE_ME_DB_PASSWORD", value.Render());
        Assert.True(value.ContainsSecret);
        Assert.Equal(["db", "db-tls"], value.ConnectionStrings);
        Assert.Equal(["db", "db-password", "db-tls"], value.References);
    }

    [Fact]
    public void A_uri_filtered_secret_is_still_the_secret()
    {
        var value = _resolver.Resolve("{db-password-uri.value}");

        Assert.Equal(new ParameterPart("db-password", IsSecret: true, UriEncoded: true), value.SingleParameter);
    }

    [Fact]
    public void Tls_bindings_of_projects_do_not_exist_in_the_cluster() =>
        Assert.Throws<TlsBindingException>(() => _resolver.Resolve("{api.bindings.https.url}"));

    [Theory]
    [InlineData("{nope.bindings.http.url}")]
    [InlineData("{api.bindings.nope.url}")]
    [InlineData("{api.bindings.http.nope}")]
    [InlineData("{api.connectionString}")]
    [InlineData("{api.whatever}")]
    public void Unknown_references_fail_with_the_expression(string expression)
    {
        var error = Assert.Throws<ManifestException>(() => _resolver.Resolve(expression));

        Assert.Contains(expression.Trim('{', '}').Split('.')[0], error.Message, StringComparison.Ordinal);
    }
}
