using Notifier.Core.Subjects;

namespace Notifier.Core.Tests.Letters;

public sealed class LetterCodeTests
{
    [Fact]
    public void New_codes_are_16_symbols_of_the_unambiguous_alphabet_with_a_valid_check_symbol_and_never_repeat()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => LetterCodes.New()).ToList();
        Assert.All(codes, c =>
        {
            Assert.Equal(16, c.Length);
            Assert.DoesNotContain(c, ch => ch is 'I' or 'L' or 'O' or 'U');
            Assert.True(LetterCodes.IsWellFormed(c));
        });
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Every_single_mistyped_symbol_is_detected_except_zero_for_Z()
    {
        var code = LetterCodes.New();
        for (var i = 0; i < code.Length; i++)
        {
            foreach (var replacement in LetterCodes.Alphabet.Where(c => c != code[i]))
            {
                var typo = code[..i] + replacement + code[(i + 1)..];
                if ((code[i], replacement) is ('0', 'Z') or ('Z', '0') && i < 15)
                {
                    continue;
                }

                Assert.False(LetterCodes.IsWellFormed(typo), $"{typo} accepted");
            }
        }
    }

    [Fact]
    public void What_a_person_types_is_normalised_before_the_check()
    {
        var code = LetterCodes.New();
        var typed = LetterCodes.Display(code).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(code, LetterCodes.Normalise(" " + typed + " "));
        Assert.Null(LetterCodes.Normalise("ABCD"));
        Assert.Null(LetterCodes.Normalise("<script>alert(1)</script>"));
        Assert.Null(LetterCodes.Normalise(new string('A', 200)));
    }
}
