namespace Notifier.Core.Import;

// The postal block of a letter (regulation.md §7.1, NF Z10-011). Lines holds lines 2–6 of the norm (the identity
// line 1 is added by the letter, which knows the addressee: the person or, for a minor, the legal representatives),
// so it has at most 5 lines in France and 6 abroad (7 with the identity line, the last one the country).
// Nothing is ever cut: a line over 38 characters sets NeedsReview with a reason for the DPO to shorten it by hand.
public sealed record AddressResult
{
    public IReadOnlyList<string> Lines { get; init; } = [];
    public bool NeedsReview { get; init; }
    public string? Reason { get; init; }
    public bool IsForeign { get; init; }
    public bool IsOverseas { get; init; }

    // The 5-digit code when it is valid (France), else null.
    public string? PostalCode { get; init; }
}

public static class AddressBlock
{
    public const int MaxLineLength = 38;

    // Lines 2–3 (inside and outside the building) are recognised by their first word; they keep their case and accents
    // (the norm allows it on lines 1–3) and move above the street line.
    private static readonly string[] BuildingWords =
    [
        "APPARTEMENT", "APPT", "APP", "APT", "BATIMENT", "BAT", "BT", "RESIDENCE", "RES", "ESCALIER", "ESC", "ETAGE",
        "ENTREE", "PORTE", "CHEZ", "TOUR", "IMMEUBLE", "IMM", "LOGEMENT", "LGT", "BLOC", "HALL", "CHAMBRE",
        "ZONE", "ZI", "ZA", "ZAC",
    ];

    // Line 5 (after the street, whatever the typed order): lieu-dit and postal services.
    private static readonly string[] DistributionWords = ["LIEU DIT", "LIEUDIT", "BP", "TSA", "CS", "POSTE RESTANTE"];

    private static readonly string[] FranceNames = ["FRANCE", "FR", "FRA", "FRANCE METROPOLITAINE", "GUADELOUPE", "MARTINIQUE", "GUYANE", "LA REUNION", "REUNION", "MAYOTTE"];

    // France incl. overseas: 971–976 DOM and Saint-Pierre-et-Miquelon (975), 977 Saint-Barthélemy, 978 Saint-Martin,
    // 986 Wallis-et-Futuna, 987 Polynésie, 988 Nouvelle-Calédonie (regulation.md §7.1).
    public static bool IsOverseasPostalCode(string postalCode) =>
        IsFiveDigits(postalCode)
        && postalCode[..3] is "971" or "972" or "973" or "974" or "975" or "976" or "977" or "978" or "986" or "987" or "988";

    public static bool IsFrance(string? country) =>
        string.IsNullOrWhiteSpace(country) || FranceNames.Contains(TextFold.PostalLine(country));

    // A French postal code: exactly 5 ASCII digits after removing white space ("29 000" is how some software prints it).
    public static string? FrenchPostalCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (raw.Length == 5)
        {
            return IsFiveDigits(raw) ? raw : null;
        }

        var compact = string.Concat(raw.Where(c => !char.IsWhiteSpace(c)));
        return IsFiveDigits(compact) ? compact : null;
    }

    public static AddressResult Normalise(string? l1, string? l2, string? l3, string? postalCode, string? city, string? country)
    {
        var typed = new List<string>(3);
        foreach (var l in (ReadOnlySpan<string?>)[l1, l2, l3])
        {
            if (!string.IsNullOrWhiteSpace(l))
            {
                typed.Add(l);
            }
        }

        var reasons = new List<string>();

        if (!IsFrance(country))
        {
            // Abroad the destination post office sorts the mail: keep the lines as typed, in capitals (La Poste asks
            // for the last lines in capitals), and end with the country, unaccented, as the 7th line of the norm.
            var lines = typed.Select(l => TextFold.CollapseSpaces(l).ToUpperInvariant()).ToList();
            var locality = TextFold.CollapseSpaces($"{postalCode} {city}").ToUpperInvariant();
            if (locality.Length > 0)
            {
                lines.Add(locality);
            }

            lines.Add(TextFold.PostalLine(country!));
            CheckLengths(lines, reasons);
            return Result(lines, reasons, isForeign: true, isOverseas: false, postal: null);
        }

        var building = new List<string>();
        var delivery = new List<string>();
        var service = new List<string>();
        foreach (var line in typed)
        {
            var folded = TextFold.PostalLine(line);
            if (folded.Length == 0)
            {
                // Only punctuation: nothing to print, and the norm forbids empty lines.
                continue;
            }

            if (StartsWithAny(folded, BuildingWords))
            {
                building.Add(TextFold.CollapseSpaces(line));
            }
            else if (StartsWithAny(folded, DistributionWords))
            {
                service.Add(folded);
            }
            else
            {
                delivery.Add(folded);
            }
        }

        var block = new List<string>(building);
        block.AddRange(delivery);
        block.AddRange(service);

        var code = FrenchPostalCode(postalCode);
        var commune = string.IsNullOrWhiteSpace(city) ? "" : TextFold.PostalLine(city);
        if (code is null)
        {
            reasons.Add(string.IsNullOrWhiteSpace(postalCode)
                ? "code postal absent : aucun courrier possible"
                : $"code postal {TextFold.CollapseSpaces(postalCode)} : 5 chiffres attendus");
        }

        if (commune.Length == 0)
        {
            reasons.Add("commune absente : aucun courrier possible");
        }

        if (block.Count == 0)
        {
            reasons.Add("adresse absente (ni voie, ni lieu-dit)");
        }

        var last = code is not null && commune.Length > 0
            ? string.Concat(code, " ", commune)
            : TextFold.CollapseSpaces($"{code ?? TextFold.PostalLine(postalCode ?? "")} {commune}");
        if (last.Length > 0)
        {
            block.Add(last);
        }

        CheckLengths(block, reasons);
        return Result(block, reasons, isForeign: false, isOverseas: code is not null && IsOverseasPostalCode(code), postal: code);
    }

    private static void CheckLengths(List<string> lines, List<string> reasons)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > MaxLineLength)
            {
                // NF Z10-011: 38 characters at most; abbreviating (HEXAVIA labels) is a human decision here.
                reasons.Add($"ligne {i + 2} de l'adresse : {lines[i].Length} caractères, 38 au plus (NF Z10-011) : à abréger à la main");
            }
        }
    }

    private static AddressResult Result(List<string> lines, List<string> reasons, bool isForeign, bool isOverseas, string? postal) => new()
    {
        Lines = lines.AsReadOnly(),
        NeedsReview = reasons.Count > 0,
        Reason = reasons.Count > 0 ? string.Join(" ; ", reasons) : null,
        IsForeign = isForeign,
        IsOverseas = isOverseas,
        PostalCode = postal,
    };

    // Whole first word(s) only: "BAT 3" and "BAT" match BAT, "BATEAU" does not. No allocation: it runs for every
    // address line of every imported row.
    private static bool StartsWithAny(string folded, string[] words)
    {
        foreach (var w in words)
        {
            if (folded.StartsWith(w, StringComparison.Ordinal) && (folded.Length == w.Length || folded[w.Length] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFiveDigits(string s) => s.Length == 5 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
