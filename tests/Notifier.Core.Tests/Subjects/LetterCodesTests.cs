using Notifier.Core.Subjects;

namespace Notifier.Core.Tests.Subjects;

public sealed class LetterCodesTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void Letter_code_has_16_characters()
    {
        Assert.Equal(16, LetterCodes.New().Length);
        Assert.Equal(DataSubject.LetterCodeLength, LetterCodes.New().Length);
    }

    [Fact]
    public void Letter_codes_use_only_the_Crockford_alphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.All(LetterCodes.New(), ch => Assert.Contains(ch, Crockford));
        }
    }

    [Fact]
    public void Letter_codes_never_contain_I_L_O_or_U()
    {
        var symbols = string.Concat(Enumerable.Range(0, 1000).Select(_ => LetterCodes.New()));

        Assert.DoesNotContain('I', symbols);
        Assert.DoesNotContain('L', symbols);
        Assert.DoesNotContain('O', symbols);
        Assert.DoesNotContain('U', symbols);
        Assert.Matches("^[0-9A-Z]+$", symbols);
    }

    [Fact]
    public void Letter_codes_use_all_32_symbols()
    {
        // 160,000 symbols: a missing symbol means the alphabet is not fully used (fewer random bits than claimed).
        var used = Enumerable.Range(0, 10_000).SelectMany(_ => LetterCodes.New()).ToHashSet();

        Assert.Equal(Crockford, string.Concat(used.Order()));
    }

    [Fact]
    public void Ten_thousand_letter_codes_have_no_duplicate()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => LetterCodes.New()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }
}
