using System.Security.Cryptography;
using System.Text;
using AgentApp.Gateway.Authentication;

namespace AgentApp.Tests.Gateway;

/// <summary>The operator's key command prints what the gateway's key store will match.</summary>
public sealed class HashKeyCommandTests
{
    [Fact]
    public void A_new_key_is_printed_with_the_sha256_the_gateway_compares()
    {
        var output = new StringWriter();
        Assert.Equal(0, HashKeyCommand.Run([], TextReader.Null, output, TextWriter.Null));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines[0]["key:".Length..].Trim();
        var hash = lines[1]["sha256:".Length..].Trim();
        Assert.Equal(32, key.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), hash);
    }

    [Fact]
    public void A_key_from_standard_input_is_hashed_without_its_newline_and_a_short_one_is_refused()
    {
        var output = new StringWriter();
        Assert.Equal(0, HashKeyCommand.Run(["-"], new StringReader("my-key-0123456789abcdef\n"), output, TextWriter.Null));
        Assert.Equal($"sha256: {Convert.ToHexStringLower(SHA256.HashData("my-key-0123456789abcdef"u8))}", output.ToString().Trim());

        var error = new StringWriter();
        Assert.Equal(2, HashKeyCommand.Run(["-"], new StringReader("short\n"), TextWriter.Null, error));
        Assert.Contains("shorter than 16", error.ToString());
    }
}
