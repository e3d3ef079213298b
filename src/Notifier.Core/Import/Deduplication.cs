using System.Globalization;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Import;

// Clear-text keys for duplicate detection (issue 4, "De-duplication"). The caller HMACs them with
// FieldCipher.BlindIndex before they touch the database: these strings are never stored or logged as such.
public static class Deduplication
{
    // A NIR identifies one person, so two rows with the same valid NIR are the same person. An invalid NIR is no key:
    // a typo would merge two different people.
    public static string? NirKey(string? nir) =>
        nir is not null && NirNumber.IsValid(nir) ? NirNumber.Normalize(nir) : null;

    // Usage name + first name + birth date + postcode, when the NIR is missing. Names fold to A–Z and digits only,
    // so "Le Gall"/"LE-GALL"/"Legall" and "Jean-Pierre"/"Jean Pierre" meet; the birth name is ignored because labs
    // fill it inconsistently. Null when a part is missing: a weaker key would merge namesakes.
    public static string? IdentityKey(string lastName, string firstName, DateOnly? birthDate, string? postalCode)
    {
        var last = NameKey(lastName);
        var first = NameKey(firstName);
        var postal = postalCode is null ? "" : PostalKey(postalCode);
        if (last.Length == 0 || first.Length == 0 || birthDate is not { } birth || postal.Length == 0)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{last}|{first}|{birth:yyyy-MM-dd}|{postal}");
    }

    internal static string NameKey(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "" : TextFold.Alphanumeric(name);

    private static string PostalKey(string postalCode)
    {
        foreach (var c in postalCode)
        {
            if (char.IsWhiteSpace(c) || char.IsAsciiLetterLower(c) || c > 0x7f)
            {
                return string.Concat(postalCode.Where(ch => !char.IsWhiteSpace(ch))).ToUpperInvariant();
            }
        }

        return postalCode;
    }
}
