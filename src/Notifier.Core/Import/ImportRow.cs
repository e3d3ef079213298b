using System.Globalization;
using Notifier.Core.Subjects;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Import;

// The row rules of the patient import (issue 4, "Validation and normalisation"; regulation.md §7 and §8). Pure: the
// caller passes the fields of one row, the mapping and `today` (the import date, at which minority is computed).
// Hostile content is data: values starting with = + - @ or holding HTML are kept verbatim; views encode them and the
// error report defuses them (ErrorReport). Nothing is ever truncated: an over-long value rejects the row.
public static class ImportRow
{
    public const int NameMax = 100;
    public const int AddressLineRawMax = 200;   // beyond this it is not an address; 38 after normalisation is a review
    public const int PostalCodeRawMax = 20;
    public const int CityMax = 60;
    public const int CountryMax = 60;
    public const int EmailMax = 254;            // RFC 5321 path limit
    public const int PhoneMax = 30;
    public const int BloodGroupMax = 20;
    public const int DoctorMax = 150;
    public const int InsurerMax = 150;
    public const int TextMax = 4000;
    public const int LabPatientIdMax = 64;

    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    public static RowResult Validate(int lineNumber, IReadOnlyList<string?> fields, ColumnMapping mapping, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(mapping);
        if (!mapping.IsValid)
        {
            throw new ArgumentException("The column mapping has errors; show them to the user instead of importing.", nameof(mapping));
        }

        var labId = Value(fields, mapping, "lab_patient_id");
        var row = new Row(lineNumber, labId);

        row.Max("lab_patient_id", labId, LabPatientIdMax);
        // A file without the column gets one warning in the preview (ColumnMapping.Warnings), not one per row.
        if (labId is null && mapping.Has("lab_patient_id"))
        {
            row.Warn("lab_patient_id", "identifiant_absent", "identifiant patient absent : la ligne ne sera retrouvée que par son numéro");
        }

        var lastName = row.Required(Value(fields, mapping, "nom"), "nom", "nom");
        var firstName = row.Required(Value(fields, mapping, "prenom"), "prenom", "prénom");
        row.Max("nom", lastName, NameMax);
        row.Max("prenom", firstName, NameMax);
        var birthName = Value(fields, mapping, "nom_naissance");
        row.Max("nom_naissance", birthName, NameMax);

        var civility = Civility(row, Value(fields, mapping, "civilite"));
        var sex = Sex(row, Value(fields, mapping, "sexe"));
        var birthDate = BirthDate(row, Value(fields, mapping, "date_naissance"), today, mapping.Has("date_naissance"));
        var nir = NirValue(row, Value(fields, mapping, "nir"), sex, birthDate);

        var l1 = Value(fields, mapping, "adresse1");
        var l2 = Value(fields, mapping, "adresse2");
        var l3 = Value(fields, mapping, "adresse3");
        var postalRaw = Value(fields, mapping, "code_postal");
        var city = Value(fields, mapping, "ville");
        var country = Value(fields, mapping, "pays");
        row.Max("adresse1", l1, AddressLineRawMax);
        row.Max("adresse2", l2, AddressLineRawMax);
        row.Max("adresse3", l3, AddressLineRawMax);
        row.Max("code_postal", postalRaw, PostalCodeRawMax);
        row.Max("ville", city, CityMax);
        row.Max("pays", country, CountryMax);

        var email = Email(row, Value(fields, mapping, "email"));
        var phone = Phone(row, Value(fields, mapping, "telephone"));

        var bloodGroup = Value(fields, mapping, "groupe_sanguin");
        var doctor = Value(fields, mapping, "medecin_traitant");
        var insurer = Value(fields, mapping, "mutuelle");
        var comment = Value(fields, mapping, "commentaire");
        var treatments = Value(fields, mapping, "traitements");
        var pathologies = Value(fields, mapping, "pathologies");
        row.Max("groupe_sanguin", bloodGroup, BloodGroupMax);
        row.Max("medecin_traitant", doctor, DoctorMax);
        row.Max("mutuelle", insurer, InsurerMax);
        row.Max("commentaire", comment, TextMax);
        row.Max("traitements", treatments, TextMax);
        row.Max("pathologies", pathologies, TextMax);

        var sampleDate = SampleDate(row, Value(fields, mapping, "date_prelevement"), today);
        var opposition = Opposition(row, Value(fields, mapping, "opposition_parents"));

        // In France a valid postcode is stored compact ("29 000" → "29000"); otherwise as typed, for the DPO to fix.
        var foreign = !AddressBlock.IsFrance(country);
        var postalCode = foreign ? postalRaw : AddressBlock.FrenchPostalCode(postalRaw) ?? postalRaw;

        if (row.Rejected)
        {
            return new RowResult { Issues = row.Issues, Rejected = true, LabPatientId = labId };
        }

        var payload = new SubjectPayload
        {
            LabPatientId = labId,
            Civility = civility,
            LastName = lastName!,
            BirthName = birthName,
            FirstName = firstName!,
            Sex = sex switch { 'M' => "M", 'F' => "F", _ => null },
            BirthDate = birthDate,
            Nir = nir,
            AddressLine1 = l1,
            AddressLine2 = l2,
            AddressLine3 = l3,
            PostalCode = postalCode,
            City = city,
            Country = country,
            Phone = phone,
            Email = email,
            BloodGroup = bloodGroup,
            TreatingDoctor = doctor,
            HealthInsurer = insurer,
            Comment = comment,
            Treatments = treatments,
            Pathologies = pathologies,
            SampleDate = sampleDate,
            ParentalOpposition = opposition,
        };

        var address = Address(row, payload);
        var facts = SubjectRules.Derive(payload, today);
        var review = facts.ReviewReason;
        switch (review)
        {
            case ReviewReason.MinorConfidentialCare:
                row.Review("opposition_parents", "mineur_confidentialite", "mineur : confidentialité demandée (CSP L.1111-5) : pas de courrier automatique aux parents");
                break;
            case ReviewReason.MinorSensitiveRecord:
                // The reason stays generic: the report must not disclose what the record is about (CSP L.1110-4).
                row.Review("date_naissance", "mineur_dossier_sensible", "mineur : dossier relevant de la confidentialité des soins (CSP L.1111-5) : pas de courrier automatique aux parents");
                break;
            default:
                break;
        }

        if (review == ReviewReason.None && row.Issues.Any(i => i.Severity == IssueSeverity.Review))
        {
            review = ReviewReason.AddressUnusable;
        }

        return new RowResult
        {
            Payload = payload,
            Issues = row.Issues,
            Rejected = false,
            LabPatientId = labId,
            Facts = facts,
            Address = address,
            ReviewReason = review,
        };
    }

    // Blank versus missing: an unmapped column, an empty field and a whitespace-only field are all "absent" (null);
    // anything else is trimmed and otherwise kept verbatim.
    internal static string? Value(IReadOnlyList<string?> fields, ColumnMapping mapping, string column)
    {
        var raw = mapping.Get(fields, column);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return raw.Trim();
    }

    private static string? Civility(Row row, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        switch (TextFold.PostalLine(raw))
        {
            case "M" or "MR" or "MONSIEUR":
                return "M.";
            case "MME" or "MADAME" or "MLLE" or "MELLE" or "MADEMOISELLE" or "MRS" or "MS" or "MISS":
                // "Mademoiselle" is no longer used in official letters (Prime Minister's circular of 21 February 2012).
                return "Mme";
            default:
                row.Warn("civilite", "civilite_inconnue", $"civilité « {Short(raw)} » non reconnue (M., Mme) : ignorée");
                return null;
        }
    }

    private static char? Sex(Row row, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        switch (TextFold.PostalLine(raw))
        {
            case "M" or "H" or "HOMME" or "MASCULIN" or "MALE" or "1":
                return 'M';
            case "F" or "FEMME" or "FEMININ" or "FEMALE" or "2":
                return 'F';
            default:
                row.Warn("sexe", "sexe_inconnu", $"sexe « {Short(raw)} » non reconnu (M ou F) : ignoré");
                return null;
        }
    }

    private static DateOnly? BirthDate(Row row, string? raw, DateOnly today, bool mapped)
    {
        if (raw is null)
        {
            if (!mapped)
            {
                return null;
            }

            row.Warn("date_naissance", "date_absente", "date de naissance absente : impossible de savoir s'il s'agit d'un mineur");
            return null;
        }

        if (!ImportDates.TryParse(raw, today, out var date))
        {
            row.Error("date_naissance", "date_invalide", $"date de naissance « {Short(raw)} » invalide (jj/mm/aaaa, aaaa-mm-jj ou jj/mm/aa attendu)");
            return null;
        }

        if (date > today)
        {
            row.Error("date_naissance", "date_future", $"date de naissance {date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} dans le futur");
            return null;
        }

        if (date < EarliestBirthDate)
        {
            row.Error("date_naissance", "date_avant_1900", $"date de naissance {date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} antérieure au 01/01/1900");
            return null;
        }

        return date;
    }

    private static DateOnly? SampleDate(Row row, string? raw, DateOnly today)
    {
        if (raw is null)
        {
            return null;
        }

        if (!ImportDates.TryParse(raw, today, out var date))
        {
            row.Warn("date_prelevement", "date_invalide", $"date de prélèvement « {Short(raw)} » invalide : ignorée");
            return null;
        }

        return date;
    }

    // An invalid NIR never becomes a de-duplication key (Deduplication.NirKey), since a typo would merge two people.
    // Decision: a value shaped like a NIR (13 or 15 characters, digits or 2A/2B) with a wrong key is still stored,
    // because it is what leaked and the letter must name "numéro de sécurité sociale" among the exposed categories
    // (Art. 34(2), SubjectRules.Derive); anything else ("inconnu", "0", a phone number) is not a NIR and is dropped.
    private static string? NirValue(Row row, string? raw, char? sex, DateOnly? birthDate)
    {
        if (raw is null)
        {
            return null;
        }

        var nir = NirNumber.Normalize(raw);
        if (!NirNumber.IsValid(nir))
        {
            if (LooksLikeNir(nir))
            {
                row.Warn("nir", "nir_cle", "NIR invalide (clé de contrôle ou format) : conservé pour informer la personne, exclu du dédoublonnage");
                return nir;
            }

            row.Warn("nir", "nir_format", "NIR non reconnu (15 caractères attendus) : ignoré");
            return null;
        }

        // regulation.md §7.2: a mismatch is a warning; the lab's record may be wrong on either side.
        var check = NirNumber.Check(nir, sex, birthDate);
        if (check.SexMismatch)
        {
            row.Warn("nir", "nir_incoherent_sexe", "NIR incohérent avec le sexe déclaré");
        }

        if (check.YearMismatch)
        {
            row.Warn("nir", "nir_incoherent_annee", "NIR incohérent avec l'année de naissance");
        }

        if (check.MonthMismatch)
        {
            row.Warn("nir", "nir_incoherent_mois", "NIR incohérent avec le mois de naissance");
        }

        return nir;
    }

    private static bool LooksLikeNir(string s)
    {
        if (s.Length is not (NirNumber.BodyLength or NirNumber.Length))
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var corsica = i == 6 && s[5] == '2' && s[i] is 'A' or 'B';
            if (!char.IsAsciiDigit(s[i]) && !corsica)
            {
                return false;
            }
        }

        return true;
    }

    // Syntax only (one @, a dotted domain, no spaces): deliverability is learnt from bounces. An invalid address is
    // dropped with a warning and the person falls back to post. The domain is case-insensitive (RFC 5321 §2.4), the
    // local part is not, so only the domain is lower-cased.
    private static string? Email(Row row, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.Length > EmailMax)
        {
            row.TooLong("email", raw.Length, EmailMax);
            return null;
        }

        var at = raw.IndexOf('@', StringComparison.Ordinal);
        var valid = at > 0
            && at == raw.LastIndexOf('@')
            && at <= 64
            && !raw.Any(c => char.IsWhiteSpace(c) || c is ',' or ';' or '<' or '>' or '"' or '(' or ')' or '[' or ']' or '\\')
            && IsDomain(raw[(at + 1)..]);
        if (!valid)
        {
            row.Warn("email", "email_syntaxe", "adresse e-mail invalide (un seul @ et un domaine avec un point attendus) : ignorée, la personne sera prévenue par courrier");
            return null;
        }

        return string.Concat(raw.AsSpan(0, at + 1), raw[(at + 1)..].ToLowerInvariant());
    }

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-');
    }

    private static string? Phone(Row row, string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.Length > PhoneMax)
        {
            row.TooLong("telephone", raw.Length, PhoneMax);
            return null;
        }

        var e164 = FrenchPhone.ToE164(raw);
        if (e164 is null)
        {
            row.Warn("telephone", "telephone_format", "numéro de téléphone non reconnu comme français : conservé tel quel");
            return raw;
        }

        return e164;
    }

    // CSP R.1111-6: the minor's opposition is recorded in writing. An unreadable value is taken as an opposition:
    // the cost is a manual review, whereas the opposite error would send a minor's confidential care to the parents.
    private static bool Opposition(Row row, string? raw)
    {
        if (raw is null)
        {
            return false;
        }

        switch (TextFold.PostalLine(raw))
        {
            case "OUI" or "O" or "1" or "TRUE" or "VRAI" or "X" or "YES" or "Y":
                return true;
            case "NON" or "N" or "0" or "FALSE" or "FAUX" or "NO":
                return false;
            default:
                row.Warn("opposition_parents", "opposition_valeur", $"opposition_parents « {Short(raw)} » non reconnue (oui/non) : traitée comme une opposition par prudence");
                return true;
        }
    }

    // A missing or unusable address is no rejection: the person must still be told. Without e-mail no letter can go
    // out, so the row waits for manual review; with an e-mail it is only a warning.
    private static AddressResult? Address(Row row, SubjectPayload p)
    {
        var any = p.AddressLine1 is not null || p.AddressLine2 is not null || p.AddressLine3 is not null || p.PostalCode is not null || p.City is not null;
        var severity = p.Email is null ? IssueSeverity.Review : IssueSeverity.Warning;
        if (!any)
        {
            row.Add("adresse1", "adresse_absente", p.Email is null ? "ni adresse postale ni e-mail : personne injoignable sans recherche manuelle" : "adresse postale absente : information par e-mail seulement", severity);
            return null;
        }

        var address = AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country);
        if (address.NeedsReview)
        {
            var column = !address.IsForeign && address.PostalCode is null ? "code_postal"
                : !address.IsForeign && p.City is null ? "ville"
                : "adresse1";
            row.Add(column, "adresse_nf_z10_011", address.Reason!, severity);
        }

        return address;
    }

    // Values quoted in messages are short, non-sensitive ones (dates, codes); still capped so a hostile cell cannot
    // bloat the report.
    private static string Short(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private sealed class Row(int line, string? labId)
    {
        private readonly List<RowIssue> _issues = [];

        public IReadOnlyList<RowIssue> Issues => _issues;

        public bool Rejected => _issues.Any(i => i.Severity == IssueSeverity.Error);

        public void Add(string column, string rule, string message, IssueSeverity severity) =>
            _issues.Add(new RowIssue(line, labId, column, rule, message, severity));

        public void Error(string column, string rule, string message) => Add(column, rule, message, IssueSeverity.Error);

        public void Warn(string column, string rule, string message) => Add(column, rule, message, IssueSeverity.Warning);

        public void Review(string column, string rule, string message) => Add(column, rule, message, IssueSeverity.Review);

        public string? Required(string? value, string column, string label)
        {
            if (value is null)
            {
                Error(column, "obligatoire", $"{label} absent : champ obligatoire");
            }

            return value;
        }

        // Never truncate silently (issue 4): an over-long value rejects the row, and the message gives the lengths only.
        public void Max(string column, string? value, int max)
        {
            if (value is not null && value.Length > max)
            {
                TooLong(column, value.Length, max);
            }
        }

        public void TooLong(string column, int length, int max) =>
            Error(column, "longueur_max", string.Create(CultureInfo.InvariantCulture, $"{column} : {length} caractères, {max} au plus (rien n'est tronqué)"));
    }
}
