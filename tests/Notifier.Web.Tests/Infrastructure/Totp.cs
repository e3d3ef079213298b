using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Notifier.Web.Tests.Infrastructure;

// What an authenticator app computes (RFC 6238 over RFC 4226): HMAC-SHA1 of the 30-second step counter, with the
// Base32 key (RFC 4648) the enrolment page shows, dynamically truncated to 6 digits. Written here, independently of
// ASP.NET Core Identity, so that the tests check Identity against the standard rather than against itself.
public static class Totp
{
    public const int StepSeconds = 30;

    public static string Code(string base32Key, DateTimeOffset at)
    {
        var counter = at.ToUnixTimeSeconds() / StepSeconds;
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1: it is what the app must interoperate with.
        var hash = HMACSHA1.HashData(Base32Decode(base32Key), message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        var buffer = 0;
        var bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a Base32 character.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }
}
