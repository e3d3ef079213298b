using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Notifier.Core.Incidents;

namespace Notifier.Core.Subjects;

public sealed record SubjectFacts(DataCategories ExposedCategories, bool IsMinor, ReviewReason ReviewReason, bool HasEmail);

// What follows from a person's record: which categories of their data were exposed, whether they are a minor,
// and whether a letter may go out automatically (regulation.md §8, a design proposal flagged UNCONFIRMED there).
public static class SubjectRules
{
    public const int AgeOfMajority = 18;

    // Records that must not reach the parents automatically (CSP L.1111-5, L.1111-5-1): sexual and reproductive health.
    // Abbreviations match only as whole words ("IST" but not "Istanbul", "VIH" but not "hivernale"); a trailing number
    // is allowed because "HPV16" or "VIH1" is how results are written.
    private static readonly string[] ConfidentialCareWords = ["ivg", "vih", "hiv", "ist", "mst", "hpv", "bhcg"];

    // Stems match at the start of a word ("contracep" in "contraception", "grossesse" in "grossesses").
    private static readonly string[] ConfidentialCareStems =
    [
        "grossesse", "enceinte", "contracep", "interruption volontaire", "chlamydia", "gonocoque", "syphilis",
        "hepatite b", "papillomavirus", "beta hcg",
    ];

    public static SubjectFacts Derive(SubjectPayload p, DateOnly referenceDate)
    {
        var c = DataCategories.None;
        c |= Has(p.LastName) || Has(p.BirthName) ? DataCategories.Surname : 0;
        c |= Has(p.FirstName) ? DataCategories.FirstName : 0;
        c |= Has(p.Sex) || Has(p.Civility) ? DataCategories.Sex : 0;
        c |= p.BirthDate is not null ? DataCategories.BirthDate : 0;
        c |= Has(p.AddressLine1) || Has(p.PostalCode) || Has(p.City) ? DataCategories.PostalAddress : 0;
        c |= Has(p.Phone) ? DataCategories.Phone : 0;
        c |= Has(p.Email) ? DataCategories.Email : 0;
        c |= Has(p.Nir) ? DataCategories.SocialSecurityNumber : 0;
        c |= Has(p.TreatingDoctor) ? DataCategories.TreatingDoctor : 0;
        c |= p.SampleDate is not null ? DataCategories.ExaminationDate : 0;
        c |= Has(p.BloodGroup) ? DataCategories.BloodGroup : 0;
        c |= Has(p.HealthInsurer) ? DataCategories.HealthInsurer : 0;
        c |= Has(p.Comment) ? DataCategories.HealthComments : 0;
        c |= Has(p.Treatments) ? DataCategories.Treatments : 0;
        c |= Has(p.Pathologies) ? DataCategories.Pathologies : 0;

        var isMinor = p.BirthDate is { } birth && AgeAt(birth, referenceDate) < AgeOfMajority;
        var review = ReviewReason.None;
        if (isMinor && p.ParentalOpposition)
        {
            review = ReviewReason.MinorConfidentialCare;
        }
        else if (isMinor && ConcernsConfidentialCare(p))
        {
            review = ReviewReason.MinorSensitiveRecord;
        }

        return new SubjectFacts(c, isMinor, review, Has(p.Email));
    }

    public static int AgeAt(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return birthDate.AddYears(age) > date ? age - 1 : age;
    }

    public static bool ConcernsConfidentialCare(SubjectPayload p)
    {
        // Hyphens read as spaces: "bêta-HCG" is the usual spelling of "beta hcg".
        var text = Fold(string.Join(' ', p.Comment, p.Treatments, p.Pathologies)).Replace('-', ' ');
        return ConfidentialCareWords.Any(term => ContainsWord(text, term, wholeWord: true))
            || ConfidentialCareStems.Any(term => ContainsWord(text, term, wholeWord: false));
    }

    private static bool ContainsWord(string text, string term, bool wholeWord)
    {
        var index = text.IndexOf(term, StringComparison.Ordinal);
        while (index >= 0)
        {
            var end = index + term.Length;
            var startOk = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var endOk = !wholeWord || end == text.Length || !char.IsLetter(text[end]);
            if (startOk && endOk)
            {
                return true;
            }

            index = text.IndexOf(term, index + 1, StringComparison.Ordinal);
        }

        return false;
    }

    // Lower-case without accents, so that "Sérologie VIH" and "serologie vih" match alike.
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Ascii.IsValid(value))
        {
            return value.ToLowerInvariant();
        }

        var decomposed = value.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(ch);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}

public static class LetterCodes
{
    // Crockford base32 without I, L, O, U: easy to read aloud and to type from paper.
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int RandomLength = DataSubject.LetterCodeLength - 1;

    // 15 random symbols × 5 bits = 75 random bits, plus one check symbol: not enumerable, even without the
    // verification page's rate limit, and a mistyped code is told apart from an unknown one without a lookup.
    public static string New() => New(RandomNumberGenerator.Fill);

    // A code with a run of 13 digits or more (about one in a million, so a few in a full case) would look like a NIR
    // body to the letters' safety check, which refuses any such run: drawn again. It costs the codes a negligible
    // fraction of a bit.
    internal static string New(SpanAction fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        Span<byte> bytes = stackalloc byte[RandomLength];
        var chars = new char[DataSubject.LetterCodeLength];
        do
        {
            fill(bytes);
            for (var i = 0; i < RandomLength; i++)
            {
                chars[i] = Alphabet[bytes[i] & 31];
            }

            chars[RandomLength] = Alphabet[Check(chars.AsSpan(0, RandomLength))];
        }
        while (LongestDigitRun(chars) >= MaxDigitRun);

        return new string(chars);
    }

    internal delegate void SpanAction(Span<byte> bytes);

    // The letters' safety check refuses 13 digits in a row (a NIR body without its key).
    public const int MaxDigitRun = 13;

    public static int LongestDigitRun(ReadOnlySpan<char> text)
    {
        int run = 0, longest = 0;
        foreach (var c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    // Weighted sum modulo 31 (a prime, weights 1..15): catches every single mistyped symbol except 0↔Z and every
    // swap of two neighbours except 0↔Z.
    private static int Check(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            sum += (i + 1) * Alphabet.IndexOf(body[i], StringComparison.Ordinal);
        }

        return sum % 31;
    }

    // What a person types: lower case, spaces, hyphens, and the letters O, I, L read as the digits 0, 1, 1.
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64)
        {
            return null;
        }

        var sb = new StringBuilder(DataSubject.LetterCodeLength);
        foreach (var c in typed.ToUpperInvariant())
        {
            var d = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            if (d is ' ' or '-' or '.' or '\u00A0')
            {
                continue;
            }

            if (!Alphabet.Contains(d, StringComparison.Ordinal))
            {
                return null;
            }

            sb.Append(d);
        }

        var code = sb.ToString();
        return IsWellFormed(code) ? code : null;
    }

    public static bool IsWellFormed(string? code) =>
        code is { Length: DataSubject.LetterCodeLength }
        && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal))
        && Alphabet[Check(code.AsSpan(0, RandomLength))] == code[RandomLength];

    // Printed in groups of four: ABCD-EFGH-JKMN-PQRS.
    public static string Display(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length != DataSubject.LetterCodeLength ? code : $"{code[..4]}-{code[4..8]}-{code[8..12]}-{code[12..]}";
    }
}
