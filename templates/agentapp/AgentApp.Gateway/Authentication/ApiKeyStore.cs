using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.Authentication;

/// <summary>A configured key, reduced to what a lookup needs.</summary>
/// <param name="Id">The key's id (configuration name), safe to log.</param>
/// <param name="Tenant">The tenant it acts for.</param>
/// <param name="Scopes">The scopes it grants.</param>
/// <param name="Revoked">Whether it is refused.</param>
public sealed record ApiKey(string Id, string Tenant, IReadOnlyList<string> Scopes, bool Revoked);

/// <summary>Finds the key a presented secret hashes to, comparing every hash in constant time.</summary>
public sealed class ApiKeyStore
{
    /// <summary>The id of the AppHost's development key.</summary>
    public const string DevelopmentKeyId = "development";

    private readonly (byte[] Hash, ApiKey Key)[] _keys;

    /// <summary>Hashes the development key once; configured keys are hashes already.</summary>
    public ApiKeyStore(IOptions<ApiKeyOptions> options)
    {
        var o = options.Value;
        var keys = o.ApiKeys
            .Select(k => (Convert.FromHexString(k.Value.Sha256), new ApiKey(k.Key, k.Value.Tenant, k.Value.Scopes, k.Value.Revoked)))
            .ToList();
        if (!string.IsNullOrEmpty(o.DevelopmentKey))
        {
            keys.Add((Hash(o.DevelopmentKey), new ApiKey(DevelopmentKeyId, ApiKeyOptions.DevelopmentTenant, o.Scopes, Revoked: false)));
        }

        _keys = [.. keys];
    }

    /// <summary>The key whose hash matches, or null. Every entry is compared, so timing does not tell which one.</summary>
    public ApiKey? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKey? found = null;
        foreach (var (candidate, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
