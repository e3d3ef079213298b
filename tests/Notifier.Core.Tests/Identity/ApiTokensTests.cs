using System.Security.Cryptography;
using System.Text;
using Notifier.Core.Identity;

namespace Notifier.Core.Tests.Identity;

public sealed class ApiTokensTests
{
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void Generated_token_starts_with_the_scheme()
    {
        var (token, _, _) = ApiTokens.Generate();

        Assert.StartsWith("ntf_", token, StringComparison.Ordinal);
        Assert.Equal("ntf_", ApiTokens.Scheme);
    }

    [Fact]
    public void Generated_token_carries_256_random_bits_in_unpadded_base64url()
    {
        var (token, _, _) = ApiTokens.Generate();

        // 32 bytes = 43 base64url characters without padding.
        Assert.Equal(4 + 43, token.Length);
        var body = token[4..].Replace('-', '+').Replace('_', '/') + "=";
        Assert.Equal(32, Convert.FromBase64String(body).Length);
    }

    [Fact]
    public void Generated_tokens_use_only_URL_safe_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            var (token, _, _) = ApiTokens.Generate();
            Assert.All(token[4..], ch => Assert.Contains(ch, UrlSafe));
            Assert.DoesNotContain('=', token);
            Assert.DoesNotContain('+', token);
            Assert.DoesNotContain('/', token);
        }
    }

    [Fact]
    public void One_thousand_generated_tokens_are_all_different()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokens.Generate().Token).ToList();

        Assert.Equal(1000, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generated_hash_is_the_hash_of_the_generated_token()
    {
        var (token, hash, _) = ApiTokens.Generate();

        Assert.Equal(ApiTokens.Hash(token), hash);
    }

    [Fact]
    public void Generated_prefix_is_the_start_of_the_token_and_fits_the_stored_column()
    {
        var (token, _, prefix) = ApiTokens.Generate();

        Assert.Equal(ApiToken.PrefixLength, prefix.Length);
        Assert.StartsWith(prefix, token, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_is_64_lowercase_hex_characters()
    {
        var hash = ApiTokens.Hash(ApiTokens.Generate().Token);

        Assert.Equal(ApiToken.HashLength, hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Hash_is_SHA256_of_the_UTF8_token()
    {
        const string token = "ntf_example-token_0123456789";

        // Computed independently with Python hashlib.
        Assert.Equal("15a94ee0a7ad9ab671e3d172b844e6b1ab64ac31205e37e35476fb2bb01a83b0", ApiTokens.Hash(token));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), ApiTokens.Hash(token));
    }

    [Fact]
    public void Hash_differs_for_tokens_differing_by_one_character()
    {
        Assert.NotEqual(ApiTokens.Hash("ntf_example-token_0123456789"), ApiTokens.Hash("ntf_example-token_0123456788"));
    }

    [Fact]
    public void Generated_tokens_look_valid()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True(ApiTokens.LooksValid(ApiTokens.Generate().Token));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ntf_")]
    [InlineData("ntf_short")]
    [InlineData("ntf_0123456789abcdef")]                         // 20 characters: one too short
    [InlineData("ghp_0123456789abcdefghijklmnopqrstuvwxyzABCD")]  // another service's token
    [InlineData("NTF_0123456789abcdefghijklmnopqrstuvwxyzABCD")]  // the scheme is case-sensitive
    [InlineData("Bearer ntf_0123456789abcdefghijklmnopqrstuvwxyz")]
    [InlineData(" ntf_0123456789abcdefghijklmnopqrstuvwxyzABCD")]
    public void Malformed_tokens_do_not_look_valid(string? token)
    {
        Assert.False(ApiTokens.LooksValid(token));
    }

    [Fact]
    public void Token_of_100_characters_or_more_does_not_look_valid()
    {
        Assert.True(ApiTokens.LooksValid("ntf_" + new string('a', 95)));
        Assert.False(ApiTokens.LooksValid("ntf_" + new string('a', 96)));
    }

    [Fact]
    public void Shortest_accepted_token_has_21_characters()
    {
        Assert.True(ApiTokens.LooksValid("ntf_" + new string('a', 17)));
        Assert.False(ApiTokens.LooksValid("ntf_" + new string('a', 16)));
    }
}
