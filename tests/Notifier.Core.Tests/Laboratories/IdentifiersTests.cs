using System.Globalization;
using Notifier.Core.Laboratories;

namespace Notifier.Core.Tests.Laboratories;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("732829320")]
    [InlineData("552100554")]
    [InlineData("000000000")]
    public void SIREN_with_a_correct_Luhn_sum_is_valid(string siren)
    {
        Assert.True(Identifiers.IsValidSiren(siren));
    }

    [Theory]
    [InlineData("732829321")]   // last digit changed
    [InlineData("732829330")]   // a doubled position changed
    [InlineData("832829320")]   // first digit changed
    [InlineData("737829320")]
    public void SIREN_with_one_digit_changed_is_invalid(string siren)
    {
        Assert.False(Identifiers.IsValidSiren(siren));
    }

    [Fact]
    public void SIREN_with_two_adjacent_digits_swapped_is_invalid()
    {
        Assert.False(Identifiers.IsValidSiren("738229320"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("73282932")]        // 8 digits
    [InlineData("7328293200")]      // 10 digits
    [InlineData("732 829 320")]     // spaces are not stripped
    [InlineData("73282932A")]
    [InlineData("ABCDEFGHI")]
    [InlineData("７３２８２９３２０")]   // full-width digits
    public void SIREN_of_the_wrong_length_or_with_non_digits_is_invalid(string? siren)
    {
        Assert.False(Identifiers.IsValidSiren(siren));
    }

    [Theory]
    [InlineData("73282932", "732829320")]
    [InlineData("55210055", "552100554")]
    [InlineData("00000000", "000000000")]
    public void Check_digit_completes_a_known_SIREN(string eightDigits, string expected)
    {
        Assert.Equal(expected, Identifiers.SirenWithCheckDigit(eightDigits));
    }

    [Fact]
    public void Check_digit_always_produces_a_valid_SIREN()
    {
        var random = new Random(20210223);
        for (var i = 0; i < 1000; i++)
        {
            var eight = random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

            var siren = Identifiers.SirenWithCheckDigit(eight);

            Assert.StartsWith(eight, siren, StringComparison.Ordinal);
            Assert.True(Identifiers.IsValidSiren(siren));
        }
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234567A")]
    public void Check_digit_refuses_anything_but_8_digits(string input)
    {
        Assert.Throws<ArgumentException>(() => Identifiers.SirenWithCheckDigit(input));
    }

    [Theory]
    [InlineData("750000001")]
    [InlineData("130000001")]
    [InlineData("970000001")]
    [InlineData("2A0000001")]
    [InlineData("2B0000001")]
    public void Well_formed_FINESS_is_accepted(string finess)
    {
        Assert.True(Identifiers.IsWellFormedFiness(finess));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("75000000")]        // 8 characters
    [InlineData("7500000012")]      // 10 characters
    [InlineData("2a0000001")]       // Corsica letters are capitals
    [InlineData("2C0000001")]       // no such département
    [InlineData("3A0000001")]
    [InlineData("A20000001")]
    [InlineData("2A000000B")]       // letters only in the département part
    [InlineData("75000000B")]
    [InlineData("75 000 001")]
    public void Malformed_FINESS_is_refused(string? finess)
    {
        Assert.False(Identifiers.IsWellFormedFiness(finess));
    }

    [Theory]
    [InlineData("75001")]
    [InlineData("01000")]
    [InlineData("20000")]   // Corsica: postcodes are digits even though the département is 2A/2B
    [InlineData("97200")]
    [InlineData("98800")]
    public void Five_digit_postal_code_is_accepted(string code)
    {
        Assert.True(Identifiers.IsFrenchPostalCode(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7500")]
    [InlineData("750001")]
    [InlineData("75 001")]
    [InlineData("2A000")]
    [InlineData("F-75001")]
    [InlineData("７５００１")]
    public void Postal_code_that_is_not_five_ASCII_digits_is_refused(string? code)
    {
        Assert.False(Identifiers.IsFrenchPostalCode(code));
    }
}
