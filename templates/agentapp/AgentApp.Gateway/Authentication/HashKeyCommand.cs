using System.Security.Cryptography;

namespace AgentApp.Gateway.Authentication;

/// <summary>
/// <c>dotnet run --project AgentApp.Gateway -- hash-key</c>: makes a new API key and prints it with the SHA-256 that goes
/// into <c>Authentication:ApiKeys:&lt;id&gt;:Sha256</c>; with <c>-</c>, hashes a key read from standard input instead
/// (so it stays out of shell history). Only the hash is ever configured.
/// </summary>
public static class HashKeyCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "hash-key";

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        string key;
        if (args is ["-"])
        {
            key = input.ReadToEnd().TrimEnd('\r', '\n');
            if (key.Length < 16)
            {
                error.WriteLine("hash-key: the key read from standard input is shorter than 16 characters.");
                return 2;
            }
        }
        else if (args.Count == 0)
        {
            // 32 letters and digits from a CSPRNG: ~190 bits, and no character a shell or header needs quoted.
            key = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
            output.WriteLine($"key:    {key}");
        }
        else
        {
            error.WriteLine("usage: hash-key        make a new key and print it with its hash");
            error.WriteLine("       hash-key -      hash the key read from standard input");
            return 2;
        }

        output.WriteLine($"sha256: {Convert.ToHexStringLower(ApiKeyStore.Hash(key))}");
        return 0;
    }
}
