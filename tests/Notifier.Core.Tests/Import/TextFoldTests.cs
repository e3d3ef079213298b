using System.Text;
using Notifier.Core.Import;

namespace Notifier.Core.Tests.Import;

// The table-driven folds must give exactly what the general rule (Unicode decomposition) gives.
public sealed class TextFoldTests
{
    private static readonly string Pool =
        "abcxyzABCXYZ0189 '-_/,.;:!?()°@&\t\u00a0éèêëàâäîïôöùûüçÉÈÊËÀÂÄÎÏÔÖÙÛÜÇœŒæÆßÿŸñÑåÅøØðÞłŁśŚğĞıİǄǅǆ"
        + "\u0301\u0327’‘‐–—«»€😀漢ЖΩ";

    public static TheoryData<string> Cases() =>
    [
        "Rue de l'Église", "Æsop Œuvre Straße", "  Lefèvre--Ñúñez  ", "É\u0301", "e\u0301", "L’Haÿ-les-Roses", "Łódź", "İstanbul",
        "", " ", "ǅemal", "Saint‐Étienne – Cedex", "漢字", new string('é', 400),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_folds_equal_the_general_rule(string value)
    {
        Assert.Equal(TextFold.UpperAsciiGeneral(value), TextFold.UpperAscii(value));
        Assert.Equal(TextFold.PostalLineGeneral(value), TextFold.PostalLine(value));
        Assert.Equal(TextFold.AlphanumericGeneral(value), TextFold.Alphanumeric(value));
    }

    [Fact]
    public void Fast_folds_equal_the_general_rule_on_random_strings()
    {
        var random = new Random(11);
        var runes = Pool.EnumerateRunes().ToArray();
        for (var n = 0; n < 20_000; n++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 40);
            for (var i = 0; i < length; i++)
            {
                sb.Append(runes[random.Next(runes.Length)].ToString());
            }

            var value = sb.ToString();
            Assert.Equal(TextFold.UpperAsciiGeneral(value), TextFold.UpperAscii(value));
            Assert.Equal(TextFold.PostalLineGeneral(value), TextFold.PostalLine(value));
            Assert.Equal(TextFold.AlphanumericGeneral(value), TextFold.Alphanumeric(value));
        }
    }

    [Fact]
    public void Every_character_of_the_table_folds_like_the_general_rule()
    {
        for (var c = 0; c < 0x250; c++)
        {
            var value = $"a{(char)c}b";
            Assert.Equal(TextFold.UpperAsciiGeneral(value), TextFold.UpperAscii(value));
            Assert.Equal(TextFold.PostalLineGeneral(value), TextFold.PostalLine(value));
        }
    }

    [Theory]
    [InlineData("Rue de l'Église", "RUE DE L EGLISE")]
    [InlineData("Œuvre", "OEUVRE")]
    [InlineData("L’Haÿ-les-Roses", "L HAY LES ROSES")]
    public void Postal_lines_fold_to_capitals_without_accents_or_punctuation(string value, string expected) =>
        Assert.Equal(expected, TextFold.PostalLine(value));

    [Theory]
    [InlineData("a  b", "a b")]
    [InlineData(" a b ", "a b")]
    [InlineData("a\tb", "a b")]
    [InlineData("a b", "a b")]
    public void Collapsing_spaces_trims_and_keeps_single_spaces(string value, string expected) =>
        Assert.Equal(expected, TextFold.CollapseSpaces(value));
}
