using System.Collections.ObjectModel;
using Notifier.Core.Synthetic;

namespace Notifier.Core.Import;

// Recognises the columns of a lab's export by header name (issue 4, "Input"): French and English synonyms, compared
// after folding (TextFold.HeaderKey), map to the canonical columns of PatientCsv.Columns.
public static class HeaderMapping
{
    // Folded synonym → canonical column. Every canonical name maps to itself. Keys are already folded, so a lookup
    // is TextFold.HeaderKey(header) then this dictionary.
    public static IReadOnlyDictionary<string, string> CanonicalSynonyms { get; } = BuildSynonyms();

    // Required columns. nom and prenom: a letter or e-mail needs a name. Contact: either the three postal columns
    // (adresse1 + code_postal + ville, the minimum for NF Z10-011 lines 4 and 6) or email, otherwise nobody in the file
    // can be notified and importing 491,840 unreachable rows helps no one; checking once here beats one error per row.
    public static readonly IReadOnlyList<string> RequiredColumns = Array.AsReadOnly(["nom", "prenom"]);
    public static readonly IReadOnlyList<string> PostalColumns = Array.AsReadOnly(["adresse1", "code_postal", "ville"]);

    public static ColumnMapping Detect(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i] ?? "";
            var key = TextFold.HeaderKey(header);
            if (key.Length == 0)
            {
                // Trailing empty columns are what spreadsheets leave behind, not a mistake of the lab.
                continue;
            }

            if (!CanonicalSynonyms.TryGetValue(key, out var column))
            {
                unknown.Add(header);
                continue;
            }

            if (index.TryGetValue(column, out var first))
            {
                errors.Add($"les en-têtes « {headers[first]} » (colonne {first + 1}) et « {header} » (colonne {i + 1}) désignent tous deux {column} : gardez-en un ou indiquez la correspondance");
                continue;
            }

            index[column] = i;
        }

        return ColumnMapping.Create(headers, index, unknown, errors);
    }

    private static ReadOnlyDictionary<string, string> BuildSynonyms()
    {
        var synonyms = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["lab_patient_id"] = ["id_patient", "identifiant_patient", "patient_id", "num_patient", "numero_patient", "no_patient", "n_patient", "ipp", "id", "identifiant", "dossier", "num_dossier", "numero_dossier", "n_dossier", "no_dossier", "n_dossier_patient", "patient_number"],
            ["civilite"] = ["civ", "titre", "title", "salutation"],
            ["nom"] = ["nom_usage", "nom_d_usage", "nom_patient", "last_name", "lastname", "surname", "family_name", "name"],
            ["nom_naissance"] = ["nom_de_naissance", "nom_jeune_fille", "nom_de_jeune_fille", "birth_name", "maiden_name"],
            ["prenom"] = ["prenoms", "prenom_patient", "first_name", "firstname", "given_name", "forename"],
            ["sexe"] = ["genre", "sex", "gender"],
            ["date_naissance"] = ["date_de_naissance", "ddn", "naissance", "ne_le", "birth_date", "birthdate", "date_of_birth", "dob"],
            ["nir"] = ["n_secu", "no_secu", "num_secu", "numero_secu", "secu", "numero_securite_sociale", "numero_de_securite_sociale", "num_securite_sociale", "num_ss", "no_ss", "nss", "insee", "matricule_insee", "ins", "ssn", "social_security_number"],
            ["adresse1"] = ["adresse", "adresse_1", "adresse_ligne_1", "rue", "voie", "address", "address1", "address_1", "address_line_1", "street"],
            ["adresse2"] = ["adresse_2", "adresse_ligne_2", "complement_adresse", "complement", "address2", "address_2", "address_line_2"],
            ["adresse3"] = ["adresse_3", "adresse_ligne_3", "lieu_dit", "address3", "address_3", "address_line_3"],
            ["code_postal"] = ["cp", "code_post", "codepostal", "postcode", "postal_code", "post_code", "zip", "zip_code", "zipcode"],
            ["ville"] = ["commune", "localite", "city", "town"],
            ["pays"] = ["country", "nation"],
            ["telephone"] = ["tel", "telephone_1", "tel_1", "tel_portable", "tel_mobile", "portable", "mobile", "phone", "phone_number", "mobile_phone", "cell"],
            ["email"] = ["e_mail", "mail", "courriel", "adresse_mail", "adresse_email", "adresse_e_mail", "email_address", "mel"],
            ["groupe_sanguin"] = ["groupe", "gs", "blood_group", "blood_type"],
            ["medecin_traitant"] = ["medecin", "prescripteur", "medecin_prescripteur", "doctor", "treating_doctor", "physician", "gp"],
            ["mutuelle"] = ["organisme_complementaire", "complementaire", "assurance", "insurer", "health_insurer", "insurance"],
            ["commentaire"] = ["commentaires", "remarque", "remarques", "observation", "observations", "note", "notes", "comment", "comments"],
            ["traitements"] = ["traitement", "medicaments", "treatment", "treatments", "medication", "medications"],
            ["pathologies"] = ["pathologie", "antecedents", "diagnostic", "diagnostics", "pathology", "conditions", "diagnosis"],
            ["date_prelevement"] = ["date_de_prelevement", "prelevement", "date_prel", "date_examen", "sample_date", "sampling_date", "collection_date"],
            ["opposition_parents"] = ["opposition", "opposition_parentale", "confidentialite_mineur", "secret_mineur", "parental_opposition"],
        };

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in PatientCsv.Columns)
        {
            map[column] = column;
            foreach (var synonym in synonyms[column])
            {
                // Folded here too, so the table can be read and extended without knowing the folding rules.
                map.Add(TextFold.HeaderKey(synonym), column);
            }
        }

        return new ReadOnlyDictionary<string, string>(map);
    }
}

// Which header index feeds which canonical column, for one file. Built by HeaderMapping.Detect (automatic) or
// FromExplicit (the API's or the preview screen's correction). Errors block the import; Warnings are shown in the preview.
public sealed class ColumnMapping
{
    private readonly ReadOnlyDictionary<string, int> _index;

    private ColumnMapping(IReadOnlyList<string> headers, ReadOnlyDictionary<string, int> index, IReadOnlyList<string> unknown, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        Headers = headers;
        _index = index;
        UnknownHeaders = unknown;
        Errors = errors;
        Warnings = warnings;
    }

    public IReadOnlyList<string> Headers { get; }

    // Canonical column → 0-based field index.
    public IReadOnlyDictionary<string, int> IndexByColumn => _index;

    // Headers that feed no column: ignored on import, listed in the preview so the DPO can map them.
    public IReadOnlyList<string> UnknownHeaders { get; }

    public IReadOnlyList<string> Errors { get; }

    public IReadOnlyList<string> Warnings { get; }

    public bool IsValid => Errors.Count == 0;

    public bool Has(string column) => _index.ContainsKey(column);

    // The raw field of a canonical column in one row, or null when the column is not mapped or the row is short
    // (readers drop trailing empty columns).
    public string? Get(IReadOnlyList<string?> fields, string column)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return _index.TryGetValue(column, out var i) && i < fields.Count ? fields[i] : null;
    }

    // canonicalToHeader: canonical column → header text as in the file (exact, else compared folded). The mapping is
    // taken as complete: columns it leaves out are not imported, so the DPO's correction is never second-guessed.
    public static ColumnMapping FromExplicit(IReadOnlyDictionary<string, string> canonicalToHeader, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(canonicalToHeader);
        ArgumentNullException.ThrowIfNull(headers);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        var used = new Dictionary<int, string>();
        foreach (var (column, header) in canonicalToHeader.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!PatientCsv.Columns.Contains(column))
            {
                errors.Add($"colonne « {column} » inconnue : colonnes possibles {string.Join(", ", PatientCsv.Columns)}");
                continue;
            }

            var i = FindHeader(headers, header);
            if (i < 0)
            {
                errors.Add($"en-tête « {header} » absent du fichier (demandé pour {column})");
                continue;
            }

            if (used.TryGetValue(i, out var other))
            {
                errors.Add($"l'en-tête « {headers[i]} » est associé à la fois à {other} et à {column}");
                continue;
            }

            used[i] = column;
            index[column] = i;
        }

        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (!used.ContainsKey(i) && !string.IsNullOrWhiteSpace(headers[i]))
            {
                unknown.Add(headers[i]);
            }
        }

        return Create(headers, index, unknown, errors);
    }

    internal static ColumnMapping Create(IReadOnlyList<string> headers, Dictionary<string, int> index, List<string> unknown, List<string> errors)
    {
        foreach (var column in HeaderMapping.RequiredColumns)
        {
            if (!index.ContainsKey(column))
            {
                errors.Add($"colonne obligatoire {column} absente");
            }
        }

        var hasPostal = HeaderMapping.PostalColumns.All(index.ContainsKey);
        if (!hasPostal && !index.ContainsKey("email"))
        {
            errors.Add("aucun moyen de contact : il faut les colonnes adresse1, code_postal et ville, ou la colonne email");
        }

        var warnings = new List<string>();
        if (!index.ContainsKey("lab_patient_id"))
        {
            warnings.Add("colonne lab_patient_id absente : le rapport d'erreurs ne pourra citer que les numéros de ligne, et une ré-importation ne reconnaîtra les personnes que par NIR ou identité");
        }

        if (!index.ContainsKey("date_naissance"))
        {
            // §8: minors are addressed differently and some must not get an automatic letter.
            warnings.Add("colonne date_naissance absente : les mineurs ne pourront pas être repérés (regulation.md §8)");
        }

        return new ColumnMapping(
            Array.AsReadOnly(headers.ToArray()),
            new ReadOnlyDictionary<string, int>(index),
            unknown.AsReadOnly(),
            errors.AsReadOnly(),
            warnings.AsReadOnly());
    }

    private static int FindHeader(IReadOnlyList<string> headers, string header)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i]?.Trim(), header.Trim(), StringComparison.Ordinal))
            {
                return i;
            }
        }

        var key = TextFold.HeaderKey(header);
        for (var i = 0; i < headers.Count; i++)
        {
            if (key.Length > 0 && TextFold.HeaderKey(headers[i] ?? "") == key)
            {
                return i;
            }
        }

        return -1;
    }
}
