using System.Security.Cryptography;
using System.Text;

namespace Notifier.Core.Identity;

public static class ApiTokens
{
    public const string Scheme = "ntf_";

    // 256 random bits: a hash without salt is enough for a secret that cannot be guessed (unlike a password).
    public static (string Token, string Hash, string Prefix) Generate()
    {
        var token = Scheme + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token), token[..ApiToken.PrefixLength]);
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool LooksValid(string? token) =>
        token is { Length: > 20 and < 100 } && token.StartsWith(Scheme, StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
