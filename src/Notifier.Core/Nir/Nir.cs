using System.Globalization;

namespace Notifier.Core.Nir;

// The NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"), regulation.md §7.2.
// Layout: 13-character body + 2-digit key.
//   pos 1      sex (1 male, 2 female; 7/8 provisional numbers)
//   pos 2–3    year of birth, last two digits (the century is ambiguous)
//   pos 4–5    month of birth (01–12; 20–42 or >= 50 when the civil-status record is incomplete)
//   pos 6–7    département of birth (01–95, 2A/2B Corsica, 99 abroad); 97/98 overseas use pos 6–8
//   pos 8–10   commune of birth (INSEE) or country code when born abroad; pos 9–10 for overseas
//   pos 11–13  order number of the birth record
//   pos 14–15  key = 97 − (body mod 97), with 2A → 19 and 2B → 18 before computing
// A NIR is personal data whose use is regulated (LIL art. 30, decree 2019-341): nothing here logs or echoes it.
public static class Nir
{
    public const int Length = 15;
    public const int BodyLength = 13;

    // Masked form for letters (regulation.md §7.2, "Display in letters"): only the order number's last digits are shown.
    public const string FullyMasked = "X XX XX XX XXX XXX XX";

    // Import files come from spreadsheets and lab software that print the NIR grouped ("2 95 10 99 126 111 93"),
    // dotted or dashed; French formatting may use no-break spaces (U+00A0, U+202F), so any white space is removed.
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return string.Create(CountKept(raw), raw, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (!IsSeparator(c))
                {
                    span[i++] = char.ToUpperInvariant(c);
                }
            }
        });
    }

    // Format and key only (§7.2). The sex digit and month are not range-checked here: provisional numbers and
    // incomplete civil-status records exist, and consistency with the declared sex and birth date is Check's job.
    public static bool IsValid(string? raw)
    {
        if (raw is null)
        {
            return false;
        }

        var s = Normalize(raw);
        if (s.Length != Length || !TryBodyRemainder(s.AsSpan(0, BodyLength), out var remainder))
        {
            return false;
        }

        return TryTwoDigits(s.AsSpan(BodyLength, 2), out var key) && key == 97 - remainder;
    }

    // Key = 97 − (N mod 97), N the 13-character body as an integer, Corsican 2A/2B read as 19/18 (§7.2).
    // The result is always in 1..97.
    public static int ComputeKey(string body13)
    {
        ArgumentNullException.ThrowIfNull(body13);
        var body = Normalize(body13);
        if (body.Length != BodyLength || !TryBodyRemainder(body, out var remainder))
        {
            throw new ArgumentException("Expected a 13-character NIR body: digits, with 2A or 2B allowed in positions 6–7.", nameof(body13));
        }

        return 97 - remainder;
    }

    // Succeeds only for a valid NIR (format and key), so a caller never acts on a mistyped number.
    public static bool TryParse(string? raw, out NirInfo info)
    {
        info = default!;
        if (raw is null)
        {
            return false;
        }

        var s = Normalize(raw);
        if (s.Length != Length || !IsValid(s))
        {
            return false;
        }

        // Overseas (97x/98x): the département takes three characters and the commune two (§7.2 table).
        var overseas = s[5] == '9' && (s[6] == '7' || s[6] == '8');
        var departmentLength = overseas ? 3 : 2;
        info = new NirInfo(
            SexDigit: s[0] - '0',
            YearOfBirth2: ParseInt(s.AsSpan(1, 2)),
            MonthOfBirth: ParseInt(s.AsSpan(3, 2)),
            Department: s.Substring(5, departmentLength),
            CommuneOrCountry: s[(5 + departmentLength)..10],
            Order: s[10..13],
            Key: ParseInt(s.AsSpan(13, 2)));
        return true;
    }

    // regulation.md §7.2: never print the NIR in a letter; if a reference is really needed, show only the end of the
    // order number, as in "X XX XX XX XXX X23 XX". Sex, birth year, month and birthplace digits are hidden because they
    // are personal information in themselves; so is the key, which would help brute-force the hidden digits.
    // Malformed input is masked entirely rather than echoed.
    public static string Mask(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var s = Normalize(raw);
        if (s.Length != Length || !char.IsAsciiDigit(s[11]) || !char.IsAsciiDigit(s[12]))
        {
            return FullyMasked;
        }

        return string.Concat("X XX XX XX XXX X", s.AsSpan(11, 2), " XX");
    }

    // Builds a valid NIR, for synthetic data and tests. department: "01"–"95", "2A"/"2B", "99" (abroad, commune is
    // then the 3-digit country code), or a 3-digit overseas code starting 97/98 (commune is then 2 digits).
    public static string Create(int sexDigit, DateOnly birthDate, string department, string commune, int order)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(commune);
        if (sexDigit is not (1 or 2 or 7 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(sexDigit), sexDigit, "The NIR sex digit is 1, 2, 7 or 8 (§7.2).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, 999);

        var dept = department.ToUpperInvariant();
        var communeLength = dept.Length switch
        {
            2 when dept is "2A" or "2B" or "99" => 3,
            2 when AllDigits(dept) && ParseInt(dept) is >= 1 and <= 95 => 3,
            3 when AllDigits(dept) && dept[0] == '9' && dept[1] is '7' or '8' => 2,
            _ => throw new ArgumentException("Expected a département 01–95, 2A, 2B, 99, or 97x/98x.", nameof(department)),
        };
        if (commune.Length != communeLength || !AllDigits(commune))
        {
            throw new ArgumentException($"Expected a {communeLength.ToString(CultureInfo.InvariantCulture)}-digit commune or country code for département {dept}.", nameof(commune));
        }

        var body = string.Create(CultureInfo.InvariantCulture, $"{sexDigit}{birthDate.Year % 100:D2}{birthDate.Month:D2}{dept}{commune}{order:D3}");
        return string.Create(CultureInfo.InvariantCulture, $"{body}{ComputeKey(body):D2}");
    }

    // Cross-check against the sex and birth date given in the import (§7.2 table). A mismatch is a warning for the
    // import, not a rejection: the lab's record may be wrong on either side, and the NIR still identifies the person.
    // sex: 'M' or 'F' (case-insensitive); anything else, or a provisional sex digit 7/8, skips the sex check.
    public static NirConsistency Check(string nir, char? sex, DateOnly? birthDate)
    {
        if (!TryParse(nir, out var info))
        {
            return new NirConsistency(IsNirValid: false, SexMismatch: false, YearMismatch: false, MonthMismatch: false, MonthUnknown: false);
        }

        var expectedSexDigit = sex switch
        {
            'M' or 'm' => 1,
            'F' or 'f' => 2,
            _ => 0,
        };
        var sexMismatch = expectedSexDigit != 0 && info.SexDigit is 1 or 2 && info.SexDigit != expectedSexDigit;

        var monthUnknown = info.IsMonthUnknown;
        var yearMismatch = false;
        var monthMismatch = false;
        if (birthDate is { } date)
        {
            yearMismatch = date.Year % 100 != info.YearOfBirth2;
            // 01–12 must match; 20–42 and >= 50 mean "month not known" (§7.2) and never mismatch;
            // 00, 13–19 and 43–49 are not defined, so they cannot agree with any real date.
            monthMismatch = !monthUnknown && info.MonthOfBirth != date.Month;
        }

        return new NirConsistency(IsNirValid: true, sexMismatch, yearMismatch, monthMismatch, monthUnknown);
    }

    private static bool IsSeparator(char c) => c is '.' or '-' || char.IsWhiteSpace(c);

    private static int CountKept(string raw)
    {
        var n = 0;
        foreach (var c in raw)
        {
            if (!IsSeparator(c))
            {
                n++;
            }
        }

        return n;
    }

    // N mod 97 computed digit by digit (no parse, no allocation), with 2A → 19 and 2B → 18 in positions 6–7 only.
    private static bool TryBodyRemainder(ReadOnlySpan<char> body, out int remainder)
    {
        remainder = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            int digit;
            if (i == 5 && body[6] is 'A' or 'B' && c == '2')
            {
                digit = 1;
            }
            else if (i == 6 && c is 'A' or 'B' && body[5] == '2')
            {
                digit = c == 'A' ? 9 : 8;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = c - '0';
            }
            else
            {
                return false;
            }

            remainder = ((remainder * 10) + digit) % 97;
        }

        return true;
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.Length != 2 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]))
        {
            return false;
        }

        value = ((s[0] - '0') * 10) + (s[1] - '0');
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static int ParseInt(ReadOnlySpan<char> digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}

// The parts of a valid NIR (regulation.md §7.2). Department is "2A"/"2B" for Corsica, "99" when born abroad
// (CommuneOrCountry is then the INSEE country code), or three characters for 97x/98x overseas (commune then two).
public sealed record NirInfo(int SexDigit, int YearOfBirth2, int MonthOfBirth, string Department, string CommuneOrCountry, string Order, int Key)
{
    public bool IsBornAbroad => Department == "99";

    public bool IsProvisional => SexDigit is 7 or 8;

    // §7.2: months 20–42 or >= 50 appear when the civil-status record is incomplete.
    public bool IsMonthUnknown => MonthOfBirth is (>= 20 and <= 42) or >= 50;
}

// Result of Nir.Check. Each mismatch is a warning for the import (the row is kept); an invalid NIR is reported
// through IsNirValid and then no field is compared.
public readonly record struct NirConsistency(bool IsNirValid, bool SexMismatch, bool YearMismatch, bool MonthMismatch, bool MonthUnknown)
{
    public bool HasMismatch => SexMismatch || YearMismatch || MonthMismatch;
}
