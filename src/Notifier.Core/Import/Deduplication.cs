using System.Globalization;
using System.Text;
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
        var postal = postalCode is null ? "" : string.Concat(postalCode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (last.Length == 0 || first.Length == 0 || birthDate is not { } birth || postal.Length == 0)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{last}|{first}|{birth:yyyy-MM-dd}|{postal}");
    }

    internal static string NameKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var folded = TextFold.UpperAscii(name);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
