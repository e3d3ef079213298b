using System.Text;

namespace Notifier.Core.Import;

// A small French phone normaliser to E.164 (no libphonenumber: no new package). Handles what lab software holds:
// national 0X XX XX XX XX (spaces, dots, dashes), +33 / 0033 with or without the "(0)", and the overseas
// départements, which have their own country codes although they use French national numbers:
// 0590/0690 Guadeloupe (+590), 0594/0694 Guyane (+594), 0596/0696/0697 Martinique (+596),
// 0262/0263/0692/0693 La Réunion and 0269/0639 Mayotte (+262) (ARCEP numbering plan).
public static class FrenchPhone
{
    private static readonly (string Prefix, string CountryCode)[] Overseas =
    [
        ("590", "590"), ("690", "590"), ("691", "590"),
        ("594", "594"), ("694", "594"),
        ("596", "596"), ("696", "596"), ("697", "596"),
        ("262", "262"), ("263", "262"), ("692", "262"), ("693", "262"),
        ("269", "262"), ("639", "262"),
    ];

    private static readonly string[] OverseasCountryCodes = ["590", "594", "596", "262"];

    // E.164 ("+33612345678") or null when the number is not a French one this normaliser understands.
    public static string? ToE164(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var compact = new StringBuilder(raw.Length);
        foreach (var c in raw.Trim())
        {
            if (char.IsAsciiDigit(c) || (c == '+' && compact.Length == 0))
            {
                compact.Append(c);
            }
            else if (!(char.IsWhiteSpace(c) || c is '.' or '-' or '/' or '(' or ')'))
            {
                return null;
            }
        }

        var s = compact.ToString();
        if (s.StartsWith("0033", StringComparison.Ordinal))
        {
            s = "+33" + s[4..];
        }

        // "+33 (0)6 …": the parentheses are gone, so the trunk 0 follows the country code.
        if (raw.Contains("(0)", StringComparison.Ordinal) && s.StartsWith("+330", StringComparison.Ordinal))
        {
            s = "+33" + s[4..];
        }

        string national;
        if (s.StartsWith("+33", StringComparison.Ordinal) && s.Length == 12)
        {
            national = s[3..];
        }
        else if (s.Length == 10 && s[0] == '0' && s[1] != '0')
        {
            national = s[1..];
        }
        else if (s.Length == 13 && s[0] == '+' && OverseasCountryCodes.Contains(s[1..4]))
        {
            // Already international for an overseas département: +590 590 12 34 56.
            return s;
        }
        else
        {
            return null;
        }

        if (!national.All(char.IsAsciiDigit) || national[0] == '0')
        {
            return null;
        }

        foreach (var (prefix, countryCode) in Overseas)
        {
            if (national.StartsWith(prefix, StringComparison.Ordinal))
            {
                return "+" + countryCode + national;
            }
        }

        return "+33" + national;
    }
}
