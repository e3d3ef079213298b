namespace Notifier.Core.Laboratories;

// SIREN: 9 digits whose Luhn sum is a multiple of 10 (INSEE). FINESS: 9 characters, digits except the département
// part (2A/2B for Corsica); its check digit is not verified here (algorithm UNCONFIRMED in regulation.md §5.2).
public static class Identifiers
{
    public static bool IsValidSiren(string? value) =>
        value is { Length: 9 } && value.All(char.IsAsciiDigit) && LuhnSum(value) % 10 == 0;

    public static string SirenWithCheckDigit(string eightDigits)
    {
        for (var d = 0; d <= 9; d++)
        {
            var candidate = eightDigits + (char)('0' + d);
            if (IsValidSiren(candidate))
            {
                return candidate;
            }
        }

        throw new ArgumentException("Expected 8 digits.", nameof(eightDigits));
    }

    public static bool IsWellFormedFiness(string? value) =>
        value is { Length: 9 } && (value.All(char.IsAsciiDigit) || ((value[..2] is "2A" or "2B") && value[2..].All(char.IsAsciiDigit)));

    public static bool IsFrenchPostalCode(string? value) => value is { Length: 5 } && value.All(char.IsAsciiDigit);

    private static int LuhnSum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum;
    }
}
